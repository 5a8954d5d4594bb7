package io.nightjar.recorder.stats;

import java.util.concurrent.atomic.LongAdder;

/**
 * A monotonically increasing count written from several threads (a {@link LongAdder}): for
 * counts off the hot path whose writers are not one thread, where {@link Counter} (single writer,
 * a plain store) would lose increments.
 */
public final class SharedCounter {
    private final LongAdder value = new LongAdder();

    public void increment() {
        value.increment();
    }

    public void add(long n) {
        value.add(n);
    }

    public long get() {
        return value.sum();
    }

    @Override
    public String toString() {
        return Long.toString(get());
    }
}
