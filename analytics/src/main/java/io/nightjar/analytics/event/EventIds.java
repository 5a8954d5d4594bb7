package io.nightjar.analytics.event;

import java.util.concurrent.atomic.AtomicLong;

/** Event ids: increasing across restarts (from the wall clock) and unique within a process. */
public final class EventIds {
    private static final AtomicLong LAST = new AtomicLong();

    private EventIds() {
    }

    public static long next() {
        long now = System.currentTimeMillis() * 1000;
        return LAST.accumulateAndGet(now, (prev, t) -> Math.max(prev + 1, t));
    }
}
