package io.nightjar.analytics.motion;

import java.util.Map;

/**
 * Motion in one analysed frame.
 *
 * @param score        fraction of the (unmasked) image covered by motion contours, 0..1
 * @param box          union of the motion contours, or null
 * @param zoneScores   per zone: fraction of the zone covered by motion
 * @param grid         the frame's motion grid ({@link MotionGrid})
 * @param globalChange the whole picture changed at once (a light change, not motion)
 */
public record MotionResult(double score, Box box, Map<String, Double> zoneScores, byte[] grid, boolean globalChange) {
    public boolean motion() {
        return score > 0 && !globalChange;
    }
}
