package io.nightjar.analytics.tamper;

/**
 * Tamper thresholds.
 *
 * @param persistSeconds  a condition must hold this long before its event opens, default 5
 * @param recoverSeconds  the view must be normal this long before the event closes, default 2
 * @param coveredContrast a picture with a standard deviation below this (8-bit levels) is covered, default 7
 * @param defocusRatio    sharpness below this fraction of the reference is defocus, default 0.35
 * @param movedFraction   a scene shift above this fraction of the width is a move, default 0.05
 */
public record TamperSettings(double persistSeconds, double recoverSeconds, double coveredContrast, double defocusRatio,
                             double movedFraction) {
    public TamperSettings {
        if (persistSeconds < 0 || recoverSeconds < 0 || coveredContrast <= 0 || defocusRatio <= 0 || defocusRatio >= 1
                || movedFraction <= 0 || movedFraction >= 1) {
            throw new IllegalArgumentException("tamper settings out of range");
        }
    }

    public static TamperSettings defaults() {
        return new TamperSettings(5, 2, 7, 0.35, 0.05);
    }

    public TamperSettings withPersistSeconds(double s) {
        return new TamperSettings(s, recoverSeconds, coveredContrast, defocusRatio, movedFraction);
    }
}
