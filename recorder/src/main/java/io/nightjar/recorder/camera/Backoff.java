package io.nightjar.recorder.camera;

import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: the n-th consecutive failure waits about
 * {@code min(cap, base * 2^n)}, jittered by ±20% so a fleet of cameras behind one failed switch
 * does not reconnect in lockstep, and never less than the base nor more than the cap.
 */
public final class Backoff {
    private final long baseMillis;
    private final long capMillis;
    private final DoubleSupplier random;
    private int failures;

    public Backoff(long baseMillis, long capMillis, DoubleSupplier random) {
        if (baseMillis <= 0 || capMillis < baseMillis) {
            throw new IllegalArgumentException("need 0 < base <= cap, got " + baseMillis + ", " + capMillis);
        }
        this.baseMillis = baseMillis;
        this.capMillis = capMillis;
        this.random = random;
    }

    /** The standard camera backoff: 1 s to 30 s. */
    public static Backoff standard() {
        return new Backoff(1_000, 30_000, Math::random);
    }

    /** The delay before the next attempt; counts a failure. */
    public long nextDelayMillis() {
        int n = Math.min(failures, 30);
        failures++;
        double exp = Math.min((double) capMillis, baseMillis * Math.pow(2, n));
        double jittered = exp * (0.8 + 0.4 * random.getAsDouble());
        return Math.max(baseMillis, Math.min(capMillis, Math.round(jittered)));
    }

    /** A connection worked: start again from the base. */
    public void reset() {
        failures = 0;
    }

    public int failures() {
        return failures;
    }

    public long capMillis() {
        return capMillis;
    }
}
