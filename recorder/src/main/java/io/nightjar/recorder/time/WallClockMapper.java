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
 *   <li>Jumps: when the camera's timestamps leap between two frames — backwards by more than
 *   {@link #JUMP_MICROS}, or forwards by more than that beyond the real time that passed between
 *   their arrivals — a new run starts at once, at the arrival time, and the frame is flagged as a
 *   discontinuity.</li>
 *   <li>Late or early frames are not a jump: a recorder that stalled (a full ring, a loaded
 *   machine) reads frames late and then in a burst, and their timestamps are right, so they keep
 *   their run and their times. When frames stay more than {@link #JUMP_MICROS} off for
 *   {@link #LATE_FRAMES_FOR_NEW_RUN} frames in a row without coming back (the stream paused and
 *   resumed, or an encoder's clock fell seconds behind real time), the mapping is re-anchored at
 *   the arrival time <em>within the same run</em>: media time stays continuous, nothing is
 *   dropped, and the index shows the time that passed. Such frames do not steer the slew.</li>
 * </ul>
 * Single-threaded: called on the stream's event loop.
 */
public final class WallClockMapper {
    public static final double MAX_SLEW = 500e-6;
    public static final long JUMP_MICROS = 1_000_000L;
    static final long SR_PLAUSIBLE_MICROS = 5_000_000L;
    /** Horizon over which an offset is corrected (then capped by the slew limit). */
    private static final double CORRECTION_HORIZON_MICROS = 60_000_000.0;

    /** Frames in a row that must stay late, without catching up, before the mapping is re-anchored. */
    public static final int LATE_FRAMES_FOR_NEW_RUN = 5;

    public final Counter runs = new Counter();
    /** Timestamp jumps (media time ran ahead of real time): each a new run. */
    public final Counter jumps = new Counter();
    /** Re-anchorings within a run (frames stayed late: a pause, or a slow encoder clock). */
    public final Counter reanchors = new Counter();
    /** Frames that arrived more than a second off their mapped time and kept their run (a stall caught up). */
    public final Counter lateFrames = new Counter();

    private boolean anchored;
    private long lastPts;
    private double lastWall;
    private double baselineOffset;
    private double smoothedOffset;
    private double rate = 1.0;
    private boolean discontinuity;
    private int lateRun;
    private double lastArrival;
    private double lastLate;

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
        double arrivalStep = arrivalMicros - lastArrival;
        lastArrival = arrivalMicros;
        if (step < -JUMP_MICROS || step - arrivalStep > JUMP_MICROS) {
            jumps.increment(); // the timestamps leapt: backwards, or ahead of the time that passed
            anchor(pts90k, arrivalMicros);
            return (long) lastWall;
        }
        double wall = lastWall + step * rate;
        double late = arrivalMicros - wall - baselineOffset;
        if (Math.abs(late) > JUMP_MICROS) {
            lateFrames.increment();
            // Coming back (each frame less off than the one before, e.g. a stall draining in a
            // burst) keeps the mapping; staying off is a pause or a clock that runs at another rate.
            boolean sameSide = lastLate == 0 || (late > 0) == (lastLate > 0);
            lateRun = sameSide && Math.abs(late) >= Math.abs(lastLate) - step / 2 ? lateRun + 1 : 0;
            lastLate = late;
            if (lateRun >= LATE_FRAMES_FOR_NEW_RUN) {
                reanchors.increment();
                discontinuity = false;
                track(pts90k, arrivalMicros - baselineOffset); // same run, same baseline latency
                return (long) lastWall;
            }
        } else {
            lateRun = 0;
            lastLate = 0;
        }
        double offset = arrivalMicros - wall;
        discontinuity = false;
        if (Math.abs(late) <= JUMP_MICROS / 4.0) { // a stall and its catch-up say nothing about the camera's clock rate
            smoothedOffset += (offset - baselineOffset - smoothedOffset) / 32.0;
        }
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
        lastArrival = arrivalMicros;
        runs.increment();
        discontinuity = true;
        baselineOffset = arrivalMicros - wall;
        track(pts90k, wall);
    }

    /** Maps {@code pts90k} to {@code wall} from here on, at the nominal rate, forgetting any lateness. */
    private void track(long pts90k, double wall) {
        lastPts = pts90k;
        lastWall = wall;
        smoothedOffset = 0;
        rate = 1.0;
        lateRun = 0;
        lastLate = 0;
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
