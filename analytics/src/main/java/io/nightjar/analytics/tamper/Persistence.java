package io.nightjar.analytics.tamper;

/**
 * A condition that must hold for {@code persistMicros} before it counts, and be gone for
 * {@code recoverMicros} before it stops counting.
 */
public final class Persistence {
    /** Result of an update. */
    public enum Change { NONE, STARTED, ENDED }

    private final long persistMicros;
    private final long recoverMicros;
    private boolean active;
    private long since = -1;
    private long startedAt;

    public Persistence(long persistMicros, long recoverMicros) {
        this.persistMicros = persistMicros;
        this.recoverMicros = recoverMicros;
    }

    public Change update(boolean condition, long tMicros) {
        if (active == condition) {
            since = -1;
            return Change.NONE;
        }
        if (since < 0) {
            since = tMicros;
        }
        long need = active ? recoverMicros : persistMicros;
        if (tMicros - since < need) {
            return Change.NONE;
        }
        active = condition;
        if (active) {
            startedAt = since;
        }
        since = -1;
        return active ? Change.STARTED : Change.ENDED;
    }

    public boolean active() {
        return active;
    }

    /** When the condition that became active first appeared. */
    public long startedAt() {
        return startedAt;
    }

    public void reset() {
        active = false;
        since = -1;
    }
}
