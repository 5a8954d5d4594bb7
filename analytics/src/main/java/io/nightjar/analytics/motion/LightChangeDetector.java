package io.nightjar.analytics.motion;

/**
 * Recognises global light changes — lights switched on or off, the IR filter flipping between day
 * and night, clouds — whether sudden or spread over a few seconds. A change starts when the mean
 * brightness jumps (over half a second) or drifts far (over five seconds), when the picture turns
 * monochrome or colour, or when the motion detector saw the whole picture change at once; it ends
 * once the brightness has been steady for two seconds. While a change is active, motion events
 * are suppressed and the motion background is recalibrated.
 */
public final class LightChangeDetector {
    /** What happened at this frame. */
    public enum Transition { NONE, STARTED, ENDED }

    private static final long HISTORY_MICROS = 6_000_000L;
    private static final double SUDDEN_LEVELS = 12;
    private static final double GRADUAL_LEVELS = 20;
    private static final double STEADY_LEVELS = 2.5;
    private static final long STEADY_MICROS = 2_000_000L;

    private final long[] times = new long[512];
    private final double[] means = new double[512];
    private int head;
    private int size;
    private boolean active;
    private boolean monochrome;
    private boolean modeKnown;
    private long steadySince = -1;
    private String cause;
    private double magnitude;

    public boolean active() {
        return active;
    }

    /** Why the current (or last) change started: "lights", "gradual", "IR switch", "global". */
    public String cause() {
        return cause;
    }

    /** Brightness change of the current (or last) change, in 8-bit levels. */
    public double magnitude() {
        return magnitude;
    }

    /** True when the picture is monochrome (night, IR illumination). */
    public boolean monochrome() {
        return monochrome;
    }

    public Transition update(long tMicros, double mean, double colourfulness, boolean globalChange) {
        push(tMicros, mean);
        boolean modeSwitched = false;
        if (!modeKnown) {
            monochrome = colourfulness < 1.5;
            modeKnown = true;
        } else if (monochrome && colourfulness > 4) {
            monochrome = false;
            modeSwitched = true;
        } else if (!monochrome && colourfulness < 1.5) {
            monochrome = true;
            modeSwitched = true;
        }
        double halfSecond = mean - meanAgo(tMicros, 500_000L);
        double fiveSeconds = mean - meanAgo(tMicros, 5_000_000L);
        double oneSecond = mean - meanAgo(tMicros, 1_000_000L);
        if (!active) {
            String why = modeSwitched ? "IR switch" : Math.abs(halfSecond) > SUDDEN_LEVELS ? "lights"
                    : Math.abs(fiveSeconds) > GRADUAL_LEVELS ? "gradual" : globalChange ? "global" : null;
            if (why != null) {
                active = true;
                cause = why;
                magnitude = Math.abs(why.equals("gradual") ? fiveSeconds : halfSecond);
                steadySince = -1;
                return Transition.STARTED;
            }
            return Transition.NONE;
        }
        magnitude = Math.max(magnitude, Math.abs(fiveSeconds));
        boolean steady = Math.abs(oneSecond) < STEADY_LEVELS && !globalChange && !modeSwitched;
        if (!steady) {
            steadySince = -1;
            return Transition.NONE;
        }
        if (steadySince < 0) {
            steadySince = tMicros;
        }
        if (tMicros - steadySince >= STEADY_MICROS) {
            active = false;
            // Judge what follows against the new light only: keep just this frame as history.
            head = (head + size - 1) % times.length;
            size = 1;
            return Transition.ENDED;
        }
        return Transition.NONE;
    }

    private void push(long t, double mean) {
        int i = (head + size) % times.length;
        if (size == times.length) {
            head = (head + 1) % times.length;
        } else {
            size++;
        }
        times[i] = t;
        means[i] = mean;
        while (size > 1 && t - times[head] > HISTORY_MICROS) {
            head = (head + 1) % times.length;
            size--;
        }
    }

    /** Mean brightness about {@code ago} before t (the oldest kept if history is shorter). */
    private double meanAgo(long t, long ago) {
        double value = means[head];
        for (int k = 0; k < size; k++) {
            int i = (head + k) % times.length;
            if (times[i] > t - ago) {
                break;
            }
            value = means[i];
        }
        return value;
    }
}
