package io.nightjar.api.server;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * A latency sink cheap enough for every frame: count, sum, and the largest latency of the last 10 to
 * 20 seconds, for health and the Prometheus endpoint (rates and averages come from count and sum).
 * Reading never resets anything, so any number of monitors see the same maximum (an earlier version
 * reset it on every read: two monitors took each other's peaks). Thread-safe.
 */
public final class LatencyWindow implements LongConsumer {
    static final long WINDOW_NANOS = 10_000_000_000L;

    private final LongSupplier clock;
    private final LongAdder count = new LongAdder();
    private final LongAdder sumNanos = new LongAdder();
    /** The largest latency in the current window ({@link #window}) and in the one before it. */
    private final AtomicLong current = new AtomicLong();
    private volatile long previous;
    private volatile long window;

    public LatencyWindow() {
        this(System::nanoTime);
    }

    /** @param clockNanos a monotonic clock (tests drive their own) */
    LatencyWindow(LongSupplier clockNanos) {
        this.clock = clockNanos;
        this.window = Math.floorDiv(clockNanos.getAsLong(), WINDOW_NANOS);
    }

    @Override
    public void accept(long nanos) {
        count.increment();
        sumNanos.add(nanos);
        long w = Math.floorDiv(clock.getAsLong(), WINDOW_NANOS);
        if (w != window) {
            roll(w);
        }
        long m = current.get();
        while (nanos > m && !current.compareAndSet(m, nanos)) {
            m = current.get();
        }
    }

    /** Once per window: the current maximum becomes the previous one (or both go if windows passed without a frame). */
    private synchronized void roll(long w) {
        if (w <= window) {
            return;
        }
        long ended = current.getAndSet(0);
        previous = w == window + 1 ? ended : 0;
        window = w;
    }

    public long count() {
        return count.sum();
    }

    public double sumSeconds() {
        return sumNanos.sum() / 1e9;
    }

    /** The largest latency of the last 10 to 20 seconds, in seconds (0 when nothing was measured in them). */
    public double maxSeconds() {
        long now = Math.floorDiv(clock.getAsLong(), WINDOW_NANOS);
        long w = window;
        long max = w == now ? Math.max(current.get(), previous) : w == now - 1 ? current.get() : 0;
        return max / 1e9;
    }
}
