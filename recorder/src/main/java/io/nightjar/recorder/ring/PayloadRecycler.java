package io.nightjar.recorder.ring;

import io.netty.buffer.ByteBuf;

/**
 * Takes back a payload after every consumer has seen it. Releasing a pooled buffer on the thread
 * that allocated it keeps Netty's allocator and recycler thread-local, so the ingest path
 * allocates nothing in steady state; a producer implements this to get its buffers back.
 */
@FunctionalInterface
public interface PayloadRecycler {
    /** Called on the thread of the consumer that finished last; must not block. Takes over the last reference. */
    void recycle(ByteBuf payload);
}
