package io.nightjar.recorder.ring;

import io.nightjar.recorder.memory.MemoryBudget;

/** Accepts access units without blocking; {@link FrameRing} is the production implementation. */
@FunctionalInterface
public interface FrameSink {
    /**
     * Publishes {@code frame} (copied: a reused {@link FrameDraft} may be refilled on return) as
     * the stream's frame number {@code frameNumber}. Its {@linkplain FrameView#recycler() recycler}
     * is where the payload goes after every consumer saw it, or null to release it.
     *
     * @return true when the sink took ownership of the frame's payload; false when it is full and
     * the caller still owns it
     */
    boolean tryPublish(StreamRef stream, long frameNumber, FrameView frame);

    /** The footage budget what this sink holds is charged to; producers admit frames against it. */
    default MemoryBudget budget() {
        return MemoryBudget.unlimited();
    }
}
