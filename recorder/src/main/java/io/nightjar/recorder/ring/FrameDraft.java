package io.nightjar.recorder.ring;

import io.netty.buffer.ByteBuf;
import io.nightjar.recorder.media.CodecConfig;

/**
 * A frame being described before it is published: a mutable {@link FrameView} that a producer
 * fills and reuses frame after frame (one per stream, so publishing allocates nothing), and that
 * callers copy only when they must keep a frame, such as the publisher's frames waiting for room
 * in the ring. Setters return {@code this} so that a frame reads as its fields, by name:
 *
 * <pre>{@code
 * draft.pts90k(pts).wallMicros(wall).arrivalNanos(now).key(true)
 *      .runStart(RunStart.NONE).config(config).payload(accessUnit, recycler);
 * sink.tryPublish(stream, frameNumber, draft);
 * }</pre>
 *
 * <p>Not thread-safe: owned by the thread that produces the frames.
 */
public final class FrameDraft implements FrameView {
    private ByteBuf payload;
    private PayloadRecycler recycler;
    private long pts90k;
    private long wallMicros;
    private long arrivalNanos;
    private boolean key;
    private RunStart runStart = RunStart.NONE;
    private CodecConfig config;

    /** A draft with the values of {@code frame} (the payload is shared, not retained). */
    public static FrameDraft copyOf(FrameView frame) {
        return new FrameDraft().pts90k(frame.pts90k()).wallMicros(frame.wallMicros())
                .arrivalNanos(frame.arrivalNanos()).key(frame.key()).runStart(frame.runStart())
                .config(frame.config()).payload(frame.payload(), frame.recycler());
    }

    @Override
    public ByteBuf payload() {
        return payload;
    }

    @Override
    public PayloadRecycler recycler() {
        return recycler;
    }

    @Override
    public long pts90k() {
        return pts90k;
    }

    @Override
    public long wallMicros() {
        return wallMicros;
    }

    @Override
    public long arrivalNanos() {
        return arrivalNanos;
    }

    @Override
    public boolean key() {
        return key;
    }

    @Override
    public RunStart runStart() {
        return runStart;
    }

    @Override
    public CodecConfig config() {
        return config;
    }

    /** @param recycler where the payload goes home when released, or null to free it */
    public FrameDraft payload(ByteBuf payload, PayloadRecycler recycler) {
        this.payload = payload;
        this.recycler = recycler;
        return this;
    }

    public FrameDraft pts90k(long pts90k) {
        this.pts90k = pts90k;
        return this;
    }

    public FrameDraft wallMicros(long wallMicros) {
        this.wallMicros = wallMicros;
        return this;
    }

    public FrameDraft arrivalNanos(long arrivalNanos) {
        this.arrivalNanos = arrivalNanos;
        return this;
    }

    public FrameDraft key(boolean key) {
        this.key = key;
        return this;
    }

    public FrameDraft runStart(RunStart runStart) {
        this.runStart = runStart;
        return this;
    }

    public FrameDraft config(CodecConfig config) {
        this.config = config;
        return this;
    }

    /** Forgets the payload and configuration (so a reused draft keeps nothing alive). */
    public void clear() {
        payload = null;
        recycler = null;
        config = null;
    }

    @Override
    public String toString() {
        return "FrameDraft{pts=" + pts90k + " wall=" + wallMicros + (key ? " key" : "")
                + (runStart != RunStart.NONE ? " " + runStart : "")
                + " bytes=" + (payload == null ? 0 : payload.readableBytes()) + "}";
    }
}
