package io.nightjar.recorder.rtp;

/**
 * Extends 32-bit RTP timestamps to a 64-bit media time. Each step is taken as the signed 32-bit
 * difference from the previous timestamp, so wrap-around and small backward steps (B-frames)
 * both come out right.
 */
public final class TimestampUnwrapper {
    private boolean started;
    private long last32;
    private long extended;

    public long unwrap(long ts32) {
        if (!started) {
            started = true;
            last32 = ts32;
            extended = ts32;
            return extended;
        }
        extended += (int) (ts32 - last32);
        last32 = ts32;
        return extended;
    }

    /** Extends a timestamp relative to the latest one without moving the state (for RTCP SRs). */
    public long peek(long ts32) {
        if (!started) {
            return ts32;
        }
        return extended + (int) (ts32 - last32);
    }

    public boolean started() {
        return started;
    }

    public void reset() {
        started = false;
    }
}
