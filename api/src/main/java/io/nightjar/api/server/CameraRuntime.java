package io.nightjar.api.server;

import io.nightjar.analytics.tap.AnalyticsSettings;
import io.nightjar.api.config.CameraConfig;
import io.nightjar.recorder.camera.CameraSupervisor;

/**
 * A camera being served: its configuration, where it came from, and its stream supervisors.
 *
 * @param fromFile  defined in the configuration file (read-only through the API)
 * @param sub       the sub-stream's supervisor, or null
 * @param analytics how it is analysed, or null when analytics is off
 */
public record CameraRuntime(CameraConfig config, boolean fromFile, CameraSupervisor main, CameraSupervisor sub,
                            AnalyticsSettings analytics) {
}
