package io.nightjar.recorder.probe;

/**
 * Frame rate and bitrate of what arrived, measured from the frames' own 90 kHz timestamps, not from
 * wall-clock windows: exact after a second or less of streaming, and unaffected by the burst in
 * which a camera delivers its first frames. Single writer (the event loop); read after the fact.
 */
public final class FrameRate {
    private long frames;
    private long bytes;
    private long firstPts = Long.MIN_VALUE;
    private long lastPts;

    /** One access unit with its 90 kHz presentation time and payload size. */
    public void add(long pts90k, int size) {
        if (firstPts == Long.MIN_VALUE) {
            firstPts = pts90k;
        }
        lastPts = Math.max(lastPts, pts90k);
        frames++;
        bytes += size;
    }

    public long frames() {
        return frames;
    }

    /** Seconds between the first and the last frame's timestamps (0 with fewer than two frames). */
    public double spanSeconds() {
        return frames < 2 ? 0 : (lastPts - firstPts) / 90_000.0;
    }

    /** Frames per second, 0 with fewer than two frames or no timestamp progress. */
    public double fps() {
        double span = spanSeconds();
        return span <= 0 ? 0 : (frames - 1) / span;
    }

    /** Bits per second: every frame's bytes over the time the frames cover (one frame duration past the last). */
    public double bitsPerSecond() {
        double fps = fps();
        return fps <= 0 ? 0 : bytes * 8.0 / (frames / fps);
    }
}
