package io.nightjar.analytics.anomaly;

/**
 * Compares each minute's motion activity with the baseline of its hour of the week. An
 * {@code activity.unusual} event opens when a minute departs from the mean by more than
 * {@code deviations} standard deviations (the standard deviation floored at 0.05 so a quiet hour
 * is not infinitely sensitive), once the hour has {@code minSamples} minutes of history; it closes
 * after two ordinary minutes. Every minute is then added to the baseline.
 */
public final class UnusualActivityDetector {
    /** Receives event transitions. */
    @FunctionalInterface
    public interface Listener {
        void onChange(boolean started, double deviations, double activity, long minuteStartMicros);
    }

    private static final double STD_FLOOR = 0.05;

    private final ActivityBaseline baseline;
    private final double deviations;
    private final int minSamples;
    private long minute = Long.MIN_VALUE;
    private final boolean[] seconds = new boolean[60];
    private boolean active;
    private int ordinaryMinutes;

    public UnusualActivityDetector(ActivityBaseline baseline, double deviations, int minSamples) {
        this.baseline = baseline;
        this.deviations = deviations;
        this.minSamples = minSamples;
    }

    public ActivityBaseline baseline() {
        return baseline;
    }

    /** Records whether there was motion in the second at {@code micros}. */
    public void second(long micros, boolean motion, Listener listener) {
        long m = Math.floorDiv(micros, 60_000_000L);
        if (m != minute) {
            if (minute != Long.MIN_VALUE) {
                closeMinute(listener);
            }
            minute = m;
            java.util.Arrays.fill(seconds, false);
        }
        int s = (int) Math.floorMod(Math.floorDiv(micros, 1_000_000L), 60L);
        seconds[s] |= motion;
    }

    private void closeMinute(Listener listener) {
        int n = 0;
        for (boolean b : seconds) {
            n += b ? 1 : 0;
        }
        double activity = n / 60.0;
        long start = minute * 60_000_000L;
        int bucket = baseline.hourOfWeek(start);
        if (baseline.count(bucket) >= minSamples) {
            double z = (activity - baseline.mean(bucket)) / Math.max(STD_FLOOR, baseline.std(bucket));
            boolean unusual = Math.abs(z) > deviations;
            if (unusual && !active) {
                active = true;
                listener.onChange(true, z, activity, start);
            } else if (!unusual && active && ++ordinaryMinutes >= 2) {
                active = false;
                ordinaryMinutes = 0;
                listener.onChange(false, z, activity, start);
            } else if (unusual) {
                ordinaryMinutes = 0;
            }
        }
        baseline.add(start, activity);
    }

    public boolean active() {
        return active;
    }
}
