package io.nightjar.api.server;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * A latency sink cheap enough for every frame: count, sum and the maximum since the last read,
 * for the Prometheus endpoint (rates and averages come from count and sum).
 */
public final class LatencyWindow implements LongConsumer {
    private final LongAdder count = new LongAdder();
    private final LongAdder sumNanos = new LongAdder();
    private final AtomicLong maxNanos = new AtomicLong();

    @Override
    public void accept(long nanos) {
        count.increment();
        sumNanos.add(nanos);
        long m = maxNanos.get();
        while (nanos > m && !maxNanos.compareAndSet(m, nanos)) {
            m = maxNanos.get();
        }
    }

    public long count() {
        return count.sum();
    }

    public double sumSeconds() {
        return sumNanos.sum() / 1e9;
    }

    /** The largest latency since the previous call, in seconds. */
    public double takeMaxSeconds() {
        return maxNanos.getAndSet(0) / 1e9;
    }
}
