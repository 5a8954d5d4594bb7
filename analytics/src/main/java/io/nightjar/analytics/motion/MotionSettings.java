package io.nightjar.analytics.motion;

import java.util.List;
import java.util.Map;

/**
 * How motion is judged.
 *
 * @param sensitivity   0..1; higher finds smaller changes (maps to the difference threshold), default 0.5
 * @param minAreaFraction a contour smaller than this fraction of the image is noise, default 0.002
 * @param masks         ignored areas (trees, a road, a clock)
 * @param zones         named areas whose motion is reported on its own
 * @param startFrames   consecutive motion frames before an event opens, default 3
 * @param endSeconds    seconds without motion before an event closes, default 4
 */
public record MotionSettings(double sensitivity, double minAreaFraction, List<Polygon> masks, Map<String, Polygon> zones,
                             int startFrames, double endSeconds) {
    public MotionSettings {
        if (sensitivity < 0 || sensitivity > 1) {
            throw new IllegalArgumentException("sensitivity must be between 0 and 1, was " + sensitivity);
        }
        if (minAreaFraction <= 0 || minAreaFraction >= 1) {
            throw new IllegalArgumentException("minAreaFraction must be between 0 and 1 (exclusive)");
        }
        if (startFrames < 1 || endSeconds <= 0) {
            throw new IllegalArgumentException("startFrames must be >= 1 and endSeconds > 0");
        }
        masks = List.copyOf(masks);
        zones = Map.copyOf(zones);
    }

    public static MotionSettings defaults() {
        return new MotionSettings(0.5, 0.002, List.of(), Map.of(), 3, 4.0);
    }

    public MotionSettings withZones(Map<String, Polygon> z) {
        return new MotionSettings(sensitivity, minAreaFraction, masks, z, startFrames, endSeconds);
    }

    public MotionSettings withMasks(List<Polygon> m) {
        return new MotionSettings(sensitivity, minAreaFraction, m, zones, startFrames, endSeconds);
    }

    /** Difference threshold in units of the frame's own contrast (standard deviation). */
    double threshold() {
        return Math.max(0.08, 0.7 - 0.7 * sensitivity); // 0.35 by default: ~15-25 grey levels in typical scenes
    }
}
