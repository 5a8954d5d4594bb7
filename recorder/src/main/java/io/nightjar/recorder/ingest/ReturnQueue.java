package io.nightjar.recorder.ingest;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded multi-producer single-consumer queue of buffers on their way home: ring consumer
 * threads offer (whichever finished an event last), the stream's event loop drains and releases.
 * Lock-free and allocation-free (a sequence per slot, after Vyukov's bounded queue); when full the
 * producer releases the buffer itself.
 */
final class ReturnQueue {
    private final AtomicReferenceArray<ByteBuf> slots;
    private final AtomicLongArray sequences;
    private final int mask;
    private final AtomicLong tail = new AtomicLong(); // next slot to fill (producers)
    private long head; // next slot to drain (the consumer only)

    ReturnQueue(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two");
        }
        this.slots = new AtomicReferenceArray<>(capacity);
        this.sequences = new AtomicLongArray(capacity);
        for (int i = 0; i < capacity; i++) {
            sequences.set(i, i);
        }
        this.mask = capacity - 1;
    }

    /** Producer side (any thread). @return false when full (the caller keeps the buffer) */
    boolean offer(ByteBuf b) {
        while (true) {
            long t = tail.get();
            int i = (int) (t & mask);
            long seq = sequences.get(i);
            if (seq == t) {
                if (tail.compareAndSet(t, t + 1)) {
                    slots.lazySet(i, b);
                    sequences.set(i, t + 1); // publishes the slot
                    return true;
                }
            } else if (seq < t) {
                return false; // full
            }
            // another producer took this slot: retry with the new tail
        }
    }

    /** Consumer side: releases everything returned so far; returns how many. */
    int drainAndRelease() {
        int n = 0;
        while (true) {
            int i = (int) (head & mask);
            if (sequences.get(i) != head + 1) {
                return n; // empty, or a producer is mid-offer
            }
            ByteBuf b = slots.get(i);
            slots.lazySet(i, null);
            sequences.set(i, head + mask + 1);
            head++;
            b.release();
            n++;
        }
    }
}
