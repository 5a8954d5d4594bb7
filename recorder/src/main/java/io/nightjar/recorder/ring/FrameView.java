package io.nightjar.recorder.ring;

import io.netty.buffer.ByteBuf;
import io.nightjar.recorder.media.CodecConfig;

/**
 * One access unit as it travels: its payload and the times and flags that go with it. Implemented
 * by the ring's slot ({@link FrameEvent}), by frames held back (a pre-roll, the publisher's frame
 * waiting for room) and by anything else that carries a frame, so that the same eight values are
 * not passed position by position from layer to layer. A view may be a reused slot: copy what is
 * kept, and {@linkplain ByteBuf#retain() retain} the payload to keep it.
 */
public interface FrameView {
    /** 4-byte length-prefixed NAL units; read with absolute indexes or a duplicate. */
    ByteBuf payload();

    /** Where the payload goes home when released ({@link Payloads#release}), or null. */
    PayloadRecycler recycler();

    /** Unwrapped 90 kHz presentation timestamp. */
    long pts90k();

    /** Presentation time in UTC microseconds (see the time model). */
    long wallMicros();

    /** {@link System#nanoTime()} when the access unit was complete, for latency figures. */
    long arrivalNanos();

    boolean key();

    /** Why this frame starts a new run, or {@link RunStart#NONE}. */
    RunStart runStart();

    /** The codec configuration it was encoded with. */
    CodecConfig config();
}
