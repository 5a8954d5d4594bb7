package io.nightjar.recorder.ingest;

import io.nightjar.recorder.media.CodecConfig;
import io.nightjar.recorder.stats.Counter;

/**
 * Health figures of one stream as a technician wants them: measured frame rate and bitrate over
 * the last window, GOP length, frames, bytes, the codec in use, ring stalls and drops. Written on
 * the stream's event loop, read from anywhere.
 */
public final class StreamMetrics {
    private static final long WINDOW_NANOS = 2_000_000_000L;

    public final Counter frames = new Counter();
    public final Counter bytes = new Counter();
    public final Counter keyframes = new Counter();
    /** Times the ring was full and reading paused. */
    public final Counter ringStalls = new Counter();
    /** Access units dropped because the ring stayed full past the pending bound. */
    public final Counter droppedRingFull = new Counter();
    /** Access units shed at ingress because the footage memory budget was full (whole GOPs). */
    public final Counter droppedMemory = new Counter();
    /** Payload bytes of the access units shed for memory. */
    public final Counter droppedMemoryBytes = new Counter();
    /** Times this stream started shedding. */
    public final Counter shedEpisodes = new Counter();

    private volatile boolean shedding;
    private volatile long sheddingSinceMillis;

    private volatile double fps;
    private volatile double bitrate;
    private volatile int gopFrames;
    private volatile double gopSeconds;
    private volatile CodecConfig config;
    private volatile long lastFrameNanos;

    private long windowStart;
    private long windowFrames;
    private long windowBytes;
    private long framesSinceKey = -1;
    private long lastKeyNanos;

    void onFrame(int size, boolean key, CodecConfig config, long nowNanos) {
        frames.increment();
        bytes.add(size);
        this.config = config;
        lastFrameNanos = nowNanos;
        if (key) {
            keyframes.increment();
            if (framesSinceKey > 0) {
                gopFrames = (int) Math.min(Integer.MAX_VALUE, framesSinceKey);
                gopSeconds = (nowNanos - lastKeyNanos) / 1e9;
            }
            framesSinceKey = 0;
            lastKeyNanos = nowNanos;
        }
        if (framesSinceKey >= 0) {
            framesSinceKey++;
        }
        if (windowFrames == 0 && windowStart == 0) {
            windowStart = nowNanos;
        }
        windowFrames++;
        windowBytes += size;
        long elapsed = nowNanos - windowStart;
        if (elapsed >= WINDOW_NANOS) {
            // The first frame of a window opens it, so n frames span n-1 intervals.
            fps = (windowFrames - 1) * 1e9 / elapsed;
            bitrate = (windowBytes - size) * 8e9 / elapsed;
            windowStart = nowNanos;
            windowFrames = 1;
            windowBytes = size;
        }
    }

    /** A frame that arrived but was discarded unread while shedding: it counts as received, without its bytes. */
    void frameDiscarded(long nowNanos) {
        onFrame(0, false, config, nowNanos);
    }

    void sheddingStarted() {
        shedEpisodes.increment();
        sheddingSinceMillis = System.currentTimeMillis();
        shedding = true;
    }

    void sheddingStopped() {
        shedding = false;
    }

    /** True while frames are being shed for memory. */
    public boolean shedding() {
        return shedding;
    }

    /** Epoch millis when the last shed period started, 0 if never. */
    public long sheddingSinceMillis() {
        return sheddingSinceMillis;
    }

    /** Frames per second measured over the last complete two-second window. */
    public double fps() {
        return fps;
    }

    /** Bits per second over the last complete window. */
    public double bitrate() {
        return bitrate;
    }

    /** Frames from one keyframe to the next (the last complete GOP), 0 until two keyframes arrived. */
    public int gopFrames() {
        return gopFrames;
    }

    public double gopSeconds() {
        return gopSeconds;
    }

    public CodecConfig config() {
        return config;
    }

    /** {@link System#nanoTime()} of the last frame, 0 if none. */
    public long lastFrameNanos() {
        return lastFrameNanos;
    }

    /** Clears the rate window after a reconnect, so a gap does not dilute the figures. */
    void restartWindow() {
        windowStart = 0;
        windowFrames = 0;
        windowBytes = 0;
        framesSinceKey = -1;
    }
}
