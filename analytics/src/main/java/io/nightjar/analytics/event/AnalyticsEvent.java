package io.nightjar.analytics.event;

import io.nightjar.analytics.motion.Box;

/**
 * One analytics event, immutable. Published when it opens ({@code endMicros == null}) and again
 * when it closes, with its peak score, box and snapshot.
 *
 * @param id          unique, increasing
 * @param camera      camera id
 * @param type        "motion", "light.change", "tamper.covered", "tamper.defocus", "tamper.moved",
 *                    "activity.unusual"
 * @param startMicros UTC µs
 * @param endMicros   UTC µs, or null while open
 * @param score       peak score, 0..1 (for unusual activity: deviations, unbounded)
 * @param zone        the zone for per-zone motion events, else null
 * @param box         where (normalised), or null
 * @param snapshot    JPEG at the peak, or null
 * @param detail      a few words (cause of a light change, activity figures)
 */
public record AnalyticsEvent(long id, String camera, String type, long startMicros, Long endMicros, double score, String zone,
                             Box box, byte[] snapshot, String detail) {
    public static final String MOTION = "motion";
    public static final String LIGHT_CHANGE = "light.change";
    public static final String UNUSUAL_ACTIVITY = "activity.unusual";

    public boolean open() {
        return endMicros == null;
    }

    public AnalyticsEvent closed(long end) {
        return new AnalyticsEvent(id, camera, type, startMicros, end, score, zone, box, snapshot, detail);
    }

    @Override
    public String toString() {
        return "AnalyticsEvent{" + id + " " + camera + " " + type + (zone != null ? "/" + zone : "") + " " + startMicros + ".."
                + (endMicros == null ? "open" : endMicros) + " score=" + String.format(java.util.Locale.ROOT, "%.3f", score)
                + (detail != null ? " " + detail : "") + "}";
    }
}
