package io.nightjar.analytics.tap;

/** Creates the analyzer of a camera (tests substitute slow or counting ones). */
@FunctionalInterface
public interface AnalyzerFactory {
    FrameAnalyzer create(String camera, AnalyticsSettings settings);
}
