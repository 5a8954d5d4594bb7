package io.nightjar.recorder.ring;

import io.netty.buffer.ByteBuf;
import io.nightjar.recorder.media.CodecConfig;

/**
 * One access unit in the ring. Instances are pre-allocated by the ring and reused; consumers
 * must copy what they keep, or {@link ByteBuf#retain()} the payload and release it themselves.
 */
public final class FrameEvent implements FrameView {
    private static final java.lang.invoke.VarHandle PENDING;

    static {
        try {
            PENDING = java.lang.invoke.MethodHandles.lookup().findVarHandle(FrameEvent.class, "pending", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // through PENDING
    private volatile int pending;
    StreamRef stream;
    long pts90k;
    long wallMicros;
    long arrivalNanos;
    long frameNumber;
    boolean key;
    RunStart runStart = RunStart.NONE;
    CodecConfig config;
    ByteBuf payload;
    PayloadRecycler recycler;

    /** The camera stream this access unit belongs to. */
    public StreamRef stream() {
        return stream;
    }

    /** Unwrapped 90 kHz presentation timestamp. */
    @Override
    public long pts90k() {
        return pts90k;
    }

    /** Presentation time in UTC microseconds (see the time model). */
    @Override
    public long wallMicros() {
        return wallMicros;
    }

    /** {@link System#nanoTime()} when the access unit was complete, for latency figures. */
    @Override
    public long arrivalNanos() {
        return arrivalNanos;
    }

    /** Per-stream running count of access units published, from 0. */
    public long frameNumber() {
        return frameNumber;
    }

    @Override
    public boolean key() {
        return key;
    }

    /** True for the first frame of a run: after a connect, a reconnect, a time jump or lost frames. */
    public boolean discontinuity() {
        return runStart != RunStart.NONE;
    }

    /** Why this frame starts a new run, or {@link RunStart#NONE}. */
    @Override
    public RunStart runStart() {
        return runStart;
    }

    @Override
    public CodecConfig config() {
        return config;
    }

    /** 4-byte length-prefixed NAL units; read with absolute indexes or a duplicate. */
    @Override
    public ByteBuf payload() {
        return payload;
    }

    /**
     * Where the payload goes home, or null. A consumer that {@linkplain ByteBuf#retain() retains}
     * the payload lets go of it with {@link Payloads#release(ByteBuf, PayloadRecycler)} and this.
     */
    @Override
    public PayloadRecycler recycler() {
        return recycler;
    }

    void set(StreamRef stream, long frameNumber, FrameView frame) {
        this.stream = stream;
        this.frameNumber = frameNumber;
        this.pts90k = frame.pts90k();
        this.wallMicros = frame.wallMicros();
        this.arrivalNanos = frame.arrivalNanos();
        this.key = frame.key();
        this.runStart = frame.runStart();
        this.config = frame.config();
        this.payload = frame.payload();
        this.recycler = frame.recycler();
    }

    /** Sets how many consumers must finish with this event before its payload is released. */
    void expect(int consumers) {
        PENDING.setRelease(this, consumers);
    }

    /** A consumer is done; true for the last one, which then owns the release. */
    boolean done() {
        return (int) PENDING.getAndAdd(this, -1) == 1;
    }

    void clear() {
        payload = null;
        recycler = null;
        config = null;
        stream = null;
    }

    @Override
    public String toString() {
        return "FrameEvent{" + stream + " #" + frameNumber + " pts=" + pts90k + " wall=" + wallMicros
                + (key ? " key" : "") + (runStart != RunStart.NONE ? " " + runStart : "")
                + " bytes=" + (payload == null ? 0 : payload.readableBytes()) + "}";
    }
}
