package io.nightjar.storage.testing;

/** Fixed instants for tests. */
public final class Times {
    /** 2026-11-28T10:00:00Z in µs. */
    public static final long T0 = 1_795_860_000_000_000L;

    private Times() {
    }

    public static long seconds(double s) {
        return Math.round(s * 1_000_000L);
    }
}
