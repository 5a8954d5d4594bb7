package io.nightjar.recorder.ring;

import io.netty.buffer.ByteBuf;
import io.nightjar.recorder.media.CodecConfig;
import io.nightjar.recorder.memory.MemoryBudget;

/** Accepts access units without blocking; {@link FrameRing} is the production implementation. */
@FunctionalInterface
public interface FrameSink {
    /**
     * @param recycler where the payload goes after every consumer saw it, or null to release it
     * @return true when the sink took ownership of {@code payload}; false when it is full and the
     * caller still owns it
     */
    boolean tryPublish(StreamRef stream, long pts90k, long wallMicros, long arrivalNanos, long frameNumber,
                       boolean key, RunStart runStart, CodecConfig config, ByteBuf payload, PayloadRecycler recycler);

    /** The footage budget what this sink holds is charged to; producers admit frames against it. */
    default MemoryBudget budget() {
        return MemoryBudget.unlimited();
    }
}
