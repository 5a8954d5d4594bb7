package io.nightjar.recorder.testing;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/** An allocator that remembers every buffer it gave out, so tests can prove none leaked. */
public final class TrackingAllocator extends AbstractByteBufAllocator {
    private final List<ByteBuf> allocated = new ArrayList<>();
    private int refuse;

    public TrackingAllocator() {
        super(true);
    }

    @Override
    protected synchronized ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        ByteBuf b = UnpooledByteBufAllocator.DEFAULT.heapBuffer(initialCapacity, maxCapacity);
        allocated.add(b);
        return b;
    }

    @Override
    protected synchronized ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        if (refuse > 0) {
            refuse--;
            throw new OutOfMemoryError("refused by the test, as Netty refuses at the direct-memory limit");
        }
        ByteBuf b = UnpooledByteBufAllocator.DEFAULT.directBuffer(initialCapacity, maxCapacity);
        allocated.add(b);
        return b;
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    /** The next {@code n} direct allocations fail as at the JVM's direct-memory limit. */
    public synchronized void refuseNext(int n) {
        refuse = n;
    }

    public synchronized int allocations() {
        return allocated.size();
    }

    /** Buffers still referenced. */
    public synchronized long live() {
        return allocated.stream().filter(b -> b.refCnt() > 0).count();
    }

    /** Bytes of capacity held by buffers still referenced. */
    public synchronized long liveCapacity() {
        return allocated.stream().filter(b -> b.refCnt() > 0).mapToLong(ByteBuf::capacity).sum();
    }
}
