package io.nightjar.recorder.memory;

import java.util.Locale;

/**
 * A camera's claim on memory under overload: when the budget runs short, {@link #LOW} cameras are
 * shed first, then {@link #NORMAL} ones; {@link #HIGH} cameras may use the whole budget.
 */
public enum Priority {
    HIGH(1.00),
    NORMAL(0.80),
    LOW(0.60);

    private final double share;

    Priority(double share) {
        this.share = share;
    }

    /** The fraction of the budget this priority's cameras may fill before their frames are refused. */
    public double share() {
        return share;
    }

    /** Parses {@code high}, {@code normal} or {@code low} (any case). */
    public static Priority parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
