package io.nightjar.api.service;

import io.nightjar.api.config.CameraConfig;
import java.util.Set;

/**
 * A camera as the API shows it: its settings (URLs without user information, never a password)
 * and its state. A client may send what it got back in a PUT; {@link #STATE_FIELDS} are ignored there.
 */
public record CameraView(String id, String name, String url, String subUrl, String user, boolean hasPassword, String transport,
                         String record, String priority, int prePostSeconds, CameraConfig.RetentionConfig retention, CameraConfig.AnalyticsConfig analytics,
                         String timeZone, Source source, StreamState state, String recording, RecordingState recordingState,
                         String lastError, FailureView failure, String codec, int width, int height) {
    /** Where a camera is defined. */
    public enum Source { file, api }

    /** The fields that describe the camera's state, not its settings. */
    public static final Set<String> STATE_FIELDS = Set.of("hasPassword", "source", "state", "recording", "recordingState", "lastError",
            "failure", "codec", "width", "height");
}
