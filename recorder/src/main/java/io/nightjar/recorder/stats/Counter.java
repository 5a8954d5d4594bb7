package io.nightjar.recorder.stats;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A monotonically increasing count with a single writer. The writer publishes with release
 * semantics (a plain store on x86), readers see a recent value; no locked instruction on the hot
 * path, unlike {@link java.util.concurrent.atomic.AtomicLong#incrementAndGet()}.
 */
public final class Counter {
    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(Counter.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through VALUE
    private long value;

    /** Adds one; call only from the owning thread. */
    public void increment() {
        VALUE.setRelease(this, (long) VALUE.getOpaque(this) + 1);
    }

    /** Adds n; call only from the owning thread. */
    public void add(long n) {
        VALUE.setRelease(this, (long) VALUE.getOpaque(this) + n);
    }

    public long get() {
        return (long) VALUE.getAcquire(this);
    }

    @Override
    public String toString() {
        return Long.toString(get());
    }
}
