package io.nightjar.recorder.testing;

import io.netty.buffer.Unpooled;
import io.nightjar.recorder.media.CodecConfig;
import io.nightjar.recorder.ring.FrameDraft;
import io.nightjar.recorder.ring.FrameSink;
import io.nightjar.recorder.ring.RunStart;
import io.nightjar.recorder.ring.StreamRef;

/**
 * Publishes a real encoded clip into a frame ring as a camera would (in a loop, at any wall-clock
 * times), without the network: for storage and analytics tests that need exact control of time.
 */
public final class ClipFeeder {
    private final TestClips.Clip clip;
    private final CodecConfig config;
    private final StreamRef stream;
    private final FrameSink sink;
    private long frameNumber;
    private int index;

    public ClipFeeder(TestClips.Clip clip, StreamRef stream, FrameSink sink) {
        this.clip = clip;
        this.config = clip.config();
        this.stream = stream;
        this.sink = sink;
    }

    public CodecConfig config() {
        return config;
    }

    /** The next frame published is frame {@code i} of the clip (a test starting a camera mid-GOP). */
    public ClipFeeder startAt(int i) {
        index = i;
        return this;
    }

    /** Frame duration in microseconds. */
    public long frameMicros() {
        return 1_000_000L / clip.fps();
    }

    /**
     * Publishes {@code count} frames starting with the wall time {@code startMicros}; the first
     * frame of the call is flagged as a discontinuity when {@code newRun}. Restarts the clip at a
     * keyframe when {@code newRun}. Returns the wall time after the last frame.
     */
    public long feed(long startMicros, int count, boolean newRun) {
        if (newRun) {
            index = 0;
        }
        long wall = startMicros;
        for (int i = 0; i < count; i++) {
            int at = index % clip.size();
            long pts = (long) index * 90_000 / clip.fps();
            byte[] au = clip.accessUnits().get(at);
            boolean key = clip.keys().get(at);
            while (!sink.tryPublish(stream, frameNumber, new FrameDraft().pts90k(pts).wallMicros(wall).arrivalNanos(System.nanoTime()).key(key)
                    .runStart(RunStart.when(newRun && i == 0)).config(config).payload(Unpooled.wrappedBuffer(au), null))) {
                Thread.onSpinWait();
            }
            frameNumber++;
            index++;
            wall += frameMicros();
        }
        return wall;
    }
}
