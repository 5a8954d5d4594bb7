package io.nightjar.analytics.tap;

import io.nightjar.analytics.motion.MotionSettings;
import io.nightjar.analytics.tamper.TamperSettings;
import io.nightjar.recorder.ring.StreamRef;
import java.time.ZoneId;

/**
 * How one camera is analysed.
 *
 * @param stream             which stream to analyse: MAIN, or SUB when the camera has a sub-stream
 * @param analysisWidth      decoded pictures are scaled to this width, default 320
 * @param maxFps             analyse at most this many frames a second (0: every frame), default 10
 * @param keyframesOnly      decode keyframes only (for expensive streams), default false
 * @param motion             motion detection
 * @param tamper             tamper detection
 * @param unusualDeviations  unusual activity threshold in standard deviations, default 3
 * @param unusualMinSamples  minutes of history an hour of the week needs before it is judged, default 30
 * @param zone               the camera's time zone (hours of the week)
 */
public record AnalyticsSettings(StreamRef.Kind stream, int analysisWidth, double maxFps, boolean keyframesOnly,
                                MotionSettings motion, TamperSettings tamper, double unusualDeviations, int unusualMinSamples,
                                ZoneId zone) {
    public static AnalyticsSettings defaults() {
        return new AnalyticsSettings(StreamRef.Kind.MAIN, 320, 10, false, MotionSettings.defaults(), TamperSettings.defaults(), 3,
                30, ZoneId.systemDefault());
    }

    public AnalyticsSettings withMotion(MotionSettings m) {
        return new AnalyticsSettings(stream, analysisWidth, maxFps, keyframesOnly, m, tamper, unusualDeviations, unusualMinSamples, zone);
    }

    public AnalyticsSettings withTamper(TamperSettings t) {
        return new AnalyticsSettings(stream, analysisWidth, maxFps, keyframesOnly, motion, t, unusualDeviations, unusualMinSamples, zone);
    }

    public AnalyticsSettings withMaxFps(double fps) {
        return new AnalyticsSettings(stream, analysisWidth, fps, keyframesOnly, motion, tamper, unusualDeviations, unusualMinSamples, zone);
    }

    public AnalyticsSettings withStream(StreamRef.Kind s) {
        return new AnalyticsSettings(s, analysisWidth, maxFps, keyframesOnly, motion, tamper, unusualDeviations, unusualMinSamples, zone);
    }

    public AnalyticsSettings withKeyframesOnly(boolean k) {
        return new AnalyticsSettings(stream, analysisWidth, maxFps, k, motion, tamper, unusualDeviations, unusualMinSamples, zone);
    }

    public AnalyticsSettings withUnusual(double deviations, int minSamples) {
        return new AnalyticsSettings(stream, analysisWidth, maxFps, keyframesOnly, motion, tamper, deviations, minSamples, zone);
    }
}
