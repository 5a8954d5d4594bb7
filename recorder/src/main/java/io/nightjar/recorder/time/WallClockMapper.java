package io.nightjar.recorder.time;

import io.nightjar.recorder.stats.Counter;

/**
 * Maps one stream's unwrapped 90 kHz timestamps to UTC microseconds.
 *
 * <ul>
 *   <li>Anchor: at the first frame, the wall time from the latest RTCP sender report if it lies
 *   within {@link #SR_PLAUSIBLE_MICROS} of the arrival time (a camera whose clock is hours off
 *   must not misfile footage), else the arrival time.</li>
 *   <li>Tracking: each frame advances the wall time by its media-time step times a rate that may
 *   differ from 1 by at most {@link #MAX_SLEW} (500 ppm). The rate is steered so the smoothed
 *   difference between arrival time and mapped time returns to its value at the anchor.</li>
 *   <li>Jumps: when that difference moves by more than {@link #JUMP_MICROS} (camera timestamps
 *   jumped, or the stream paused and resumed), a new run starts at the arrival time and the frame
 *   is flagged as a discontinuity.</li>
 * </ul>
 * Single-threaded: called on the stream's event loop.
 */
public final class WallClockMapper {
    public static final double MAX_SLEW = 500e-6;
    public static final long JUMP_MICROS = 1_000_000L;
    static final long SR_PLAUSIBLE_MICROS = 5_000_000L;
    /** Horizon over which an offset is corrected (then capped by the slew limit). */
    private static final double CORRECTION_HORIZON_MICROS = 60_000_000.0;

    public final Counter runs = new Counter();
    public final Counter jumps = new Counter();

    private boolean anchored;
    private long lastPts;
    private double lastWall;
    private double baselineOffset;
    private double smoothedOffset;
    private double rate = 1.0;
    private boolean discontinuity;

    private boolean haveSr;
    private long srPts;
    private long srWallMicros;

    /** Records a sender report: the camera's wall clock at an (unwrapped) media timestamp. */
    public void onSenderReport(long ptsExtended, long ntpUnixMicros) {
        haveSr = true;
        srPts = ptsExtended;
        srWallMicros = ntpUnixMicros;
    }

    /** @return the UTC microseconds of this frame; {@link #discontinuity()} tells if a run began */
    public long map(long pts90k, long arrivalMicros) {
        if (!anchored) {
            anchor(pts90k, arrivalMicros);
            return (long) lastWall;
        }
        double step = (pts90k - lastPts) * (1_000_000.0 / 90_000.0);
        double wall = lastWall + step * rate;
        double offset = arrivalMicros - wall;
        if (Math.abs(offset - baselineOffset) > JUMP_MICROS) {
            jumps.increment();
            anchor(pts90k, arrivalMicros);
            return (long) lastWall;
        }
        discontinuity = false;
        smoothedOffset += (offset - baselineOffset - smoothedOffset) / 32.0;
        double wanted = smoothedOffset / CORRECTION_HORIZON_MICROS;
        rate = 1.0 + Math.max(-MAX_SLEW, Math.min(MAX_SLEW, wanted));
        lastPts = pts90k;
        // Keep wall time monotonic within a run for frames in presentation order.
        lastWall = wall;
        return (long) wall;
    }

    private void anchor(long pts90k, long arrivalMicros) {
        double wall = arrivalMicros;
        if (haveSr) {
            double fromSr = srWallMicros + (pts90k - srPts) * (1_000_000.0 / 90_000.0);
            if (Math.abs(fromSr - arrivalMicros) <= SR_PLAUSIBLE_MICROS) {
                wall = fromSr;
            }
        }
        anchored = true;
        runs.increment();
        discontinuity = true;
        lastPts = pts90k;
        lastWall = wall;
        baselineOffset = arrivalMicros - wall;
        smoothedOffset = 0;
        rate = 1.0;
    }

    /** True when the last mapped frame started a new run (first frame, or after a jump). */
    public boolean discontinuity() {
        return discontinuity;
    }

    /** Current rate correction in parts per million (positive: media time runs slow). */
    public double slewPpm() {
        return (rate - 1.0) * 1e6;
    }

    /** Forgets the anchor; the next frame starts a new run. */
    public void reset() {
        anchored = false;
        haveSr = false;
    }
}
