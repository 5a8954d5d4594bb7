package io.nightjar.recorder.rtp;

import io.netty.buffer.ByteBuf;

/**
 * Puts UDP packets back in sequence order. A packet ahead of the next expected one waits (its
 * buffer retained) until the gap fills, until {@code maxDelayNanos} passes, or until the buffer
 * is full; then the gap is given up and delivery goes on. Packets behind the expected one are
 * passed straight through for the {@link SequenceTracker} to call duplicate or late.
 */
public final class ReorderBuffer {
    /** Receives packets in order. The buffer is only valid during the call. */
    @FunctionalInterface
    public interface Sink {
        void deliver(ByteBuf buf, int index, int length);
    }

    private final int capacity;
    private final long maxDelayNanos;
    private final Sink sink;
    private final ByteBuf[] held;
    private final int[] heldIndex;
    private final int[] heldLength;
    private final int[] heldSeq;
    private int heldCount;
    private long oldestHeldNanos;
    private boolean started;
    private int next;

    public ReorderBuffer(int capacity, long maxDelayNanos, Sink sink) {
        if (capacity < 2 || capacity > 1024) {
            throw new IllegalArgumentException("reorder capacity " + capacity + " outside [2, 1024]");
        }
        this.capacity = capacity;
        this.maxDelayNanos = maxDelayNanos;
        this.sink = sink;
        this.held = new ByteBuf[capacity];
        this.heldIndex = new int[capacity];
        this.heldLength = new int[capacity];
        this.heldSeq = new int[capacity];
    }

    /** Offers a packet; the buffer is retained only if the packet has to wait. */
    public void offer(int seq, ByteBuf buf, int index, int length, long nowNanos) {
        if (!started) {
            started = true;
            next = seq;
        }
        int distance = (short) (seq - next);
        if (distance < 0) {
            sink.deliver(buf, index, length);
            return;
        }
        if (distance >= capacity) {
            flushAll();
            next = seq;
            distance = 0;
        }
        if (distance == 0) {
            sink.deliver(buf, index, length);
            next = (next + 1) & 0xFFFF;
            drain();
        } else {
            int slot = seq % capacity;
            if (held[slot] != null) {
                sink.deliver(buf, index, length); // a duplicate of a waiting packet
                return;
            }
            if (heldCount == 0) {
                oldestHeldNanos = nowNanos;
            }
            held[slot] = buf.retain();
            heldIndex[slot] = index;
            heldLength[slot] = length;
            heldSeq[slot] = seq;
            heldCount++;
        }
        expire(nowNanos);
    }

    /** Gives up on a gap whose packets waited longer than the maximum delay. */
    public void expire(long nowNanos) {
        while (heldCount > 0 && nowNanos - oldestHeldNanos >= maxDelayNanos) {
            skipToOldestHeld();
            drain();
            oldestHeldNanos = nowNanos; // the rest arrived later; give them their own delay
        }
    }

    private void skipToOldestHeld() {
        for (int d = 0; d < capacity; d++) {
            int seq = (next + d) & 0xFFFF;
            ByteBuf b = held[seq % capacity];
            if (b != null && heldSeq[seq % capacity] == seq) {
                next = seq;
                return;
            }
        }
    }

    private void drain() {
        while (heldCount > 0) {
            int slot = next % capacity;
            ByteBuf b = held[slot];
            if (b == null || heldSeq[slot] != next) {
                return;
            }
            held[slot] = null;
            heldCount--;
            try {
                sink.deliver(b, heldIndex[slot], heldLength[slot]);
            } finally {
                b.release();
            }
            next = (next + 1) & 0xFFFF;
        }
    }

    /** Delivers everything waiting, in order, skipping gaps. */
    public void flushAll() {
        while (heldCount > 0) {
            skipToOldestHeld();
            drain();
        }
    }

    /** Releases everything waiting without delivering it. */
    public void clear() {
        for (int i = 0; i < capacity; i++) {
            if (held[i] != null) {
                held[i].release();
                held[i] = null;
            }
        }
        heldCount = 0;
        started = false;
    }

    public int heldCount() {
        return heldCount;
    }
}
