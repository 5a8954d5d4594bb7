package io.nightjar.recorder.ring;

import io.netty.buffer.ByteBuf;

/**
 * Letting go of a ring payload, the same way for every holder (the ring's last consumer, and any
 * consumer that retained it past the event: the writer's fragments, pre-roll, analytics): the last
 * reference goes home to the producer's {@link PayloadRecycler}, so pooled memory is freed on the
 * thread that allocated it; any other reference is simply released.
 *
 * <p>Two holders letting go at once may both see two references and both release: the buffer is
 * then freed on one of their threads instead of going home, which is correct, only slower.
 */
public final class Payloads {
    private Payloads() {
    }

    /** Drops one reference to {@code payload}; {@code recycler} may be null. */
    public static void release(ByteBuf payload, PayloadRecycler recycler) {
        if (recycler != null && payload.refCnt() == 1) {
            recycler.recycle(payload);
        } else {
            payload.release();
        }
    }
}
