package io.nightjar.recorder.rtp;

import io.nightjar.recorder.stats.Counter;

/**
 * Tracks RTP sequence numbers (RFC 3550 A.1 in spirit): counts packets lost, duplicated and
 * reordered, extends the 16-bit sequence to 32 bits, and recognises a sequence restart (a jump
 * larger than {@link #MAX_DROPOUT}) instead of counting it as thousands of losses.
 *
 * <p>A 1024-packet window of received sequence numbers tells a duplicate (seen before) from a
 * late packet (counted lost, then arrived): the late one is taken back from the loss count.
 */
public final class SequenceTracker {
    /** Verdict on one packet. */
    public enum Verdict { IN_ORDER, GAP, DUPLICATE, LATE, RESTART, FIRST }

    static final int MAX_DROPOUT = 3000;
    private static final int WINDOW = 1024;

    public final Counter received = new Counter();
    public final Counter lost = new Counter();
    public final Counter duplicates = new Counter();
    public final Counter reordered = new Counter();
    public final Counter restarts = new Counter();

    private final long[] window = new long[WINDOW / 64];
    private boolean started;
    private int highest;
    private long cycles;
    private int baseSequence;
    private long lastGap;
    private long lostNet;

    /** Gap size of the last {@link Verdict#GAP}. */
    public long lastGap() {
        return lastGap;
    }

    public Verdict onPacket(int seq) {
        received.increment();
        if (!started) {
            started = true;
            restartAt(seq);
            return Verdict.FIRST;
        }
        int delta = (short) (seq - highest);
        if (delta == 0) {
            duplicates.increment();
            return Verdict.DUPLICATE;
        }
        if (delta > 0 && delta <= MAX_DROPOUT) {
            for (int s = highest + 1; s != highest + delta; s++) {
                clear(s & 0xFFFF);
            }
            if (seq < highest) {
                cycles += 1 << 16;
            }
            lastGap = delta - 1;
            if (lastGap > 0) {
                lost.add(lastGap);
                lostNet += lastGap;
            }
            highest = seq;
            mark(seq);
            return lastGap > 0 ? Verdict.GAP : Verdict.IN_ORDER;
        }
        if (delta < 0 && -delta < WINDOW) {
            if (isMarked(seq)) {
                duplicates.increment();
                return Verdict.DUPLICATE;
            }
            mark(seq);
            reordered.increment();
            if (lostNet > 0) {
                lostNet--;
            }
            return Verdict.LATE;
        }
        restarts.increment();
        restartAt(seq);
        return Verdict.RESTART;
    }

    private void restartAt(int seq) {
        java.util.Arrays.fill(window, 0);
        highest = seq;
        baseSequence = seq;
        cycles = 0;
        mark(seq);
    }

    /** Highest sequence number extended with the wrap count, as RTCP receiver reports want it. */
    public long extendedHighest() {
        return cycles + highest;
    }

    /** Packets expected since the start or last restart. */
    public long expected() {
        return extendedHighest() - baseSequence + 1;
    }

    /** Losses not made good by late arrivals (what the RTCP report counts as lost). */
    public long netLost() {
        return lostNet;
    }

    public boolean started() {
        return started;
    }

    /** Forgets the stream (new SSRC or new session); counters keep their totals. */
    public void reset() {
        started = false;
        lostNet = 0;
    }

    private void mark(int seq) {
        int i = seq % WINDOW;
        window[i >>> 6] |= 1L << (i & 63);
    }

    private void clear(int seq) {
        int i = seq % WINDOW;
        window[i >>> 6] &= ~(1L << (i & 63));
    }

    private boolean isMarked(int seq) {
        int i = seq % WINDOW;
        return (window[i >>> 6] & (1L << (i & 63))) != 0;
    }
}
