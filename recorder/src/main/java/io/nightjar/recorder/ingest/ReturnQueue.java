package io.nightjar.recorder.ingest;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded single-producer single-consumer queue of buffers on their way home: the ring's
 * releaser thread offers, the stream's event loop drains and releases. Lock-free and
 * allocation-free; when full the producer releases the buffer itself.
 */
final class ReturnQueue {
    private final AtomicReferenceArray<ByteBuf> slots;
    private final int mask;
    private final AtomicLong head = new AtomicLong(); // next slot to drain (consumer)
    private final AtomicLong tail = new AtomicLong(); // next slot to fill (producer)

    ReturnQueue(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two");
        }
        this.slots = new AtomicReferenceArray<>(capacity);
        this.mask = capacity - 1;
    }

    /** Producer side. @return false when full (the caller keeps the buffer) */
    boolean offer(ByteBuf b) {
        long t = tail.get();
        if (t - head.get() > mask) {
            return false;
        }
        slots.lazySet((int) (t & mask), b);
        tail.lazySet(t + 1);
        return true;
    }

    /** Consumer side: releases everything returned so far; returns how many. */
    int drainAndRelease() {
        long h = head.get();
        long t = tail.get();
        int n = 0;
        while (h < t) {
            int i = (int) (h & mask);
            ByteBuf b = slots.get(i);
            slots.lazySet(i, null);
            b.release();
            h++;
            n++;
        }
        head.lazySet(h);
        return n;
    }
}
