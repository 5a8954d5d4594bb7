package io.nightjar.recorder.camera;

import io.nightjar.recorder.auth.Credentials;
import io.nightjar.recorder.ring.StreamRef;
import io.nightjar.recorder.rtsp.RtspClientOptions;
import io.nightjar.recorder.rtsp.RtspUrl;

/**
 * Where one camera stream comes from. {@link #toString()} shows no credentials.
 *
 * @param stream      the camera and stream (main/sub) this is
 * @param url         the RTSP URL (user information, if any, is used as credentials)
 * @param credentials credentials from configuration, overriding the URL's; may be null
 * @param options     transport, timeouts and bounds
 */
public record CameraSource(StreamRef stream, RtspUrl url, Credentials credentials, RtspClientOptions options) {
    @Override
    public String toString() {
        return "CameraSource[" + stream + " " + url + " " + options.transport() + "]";
    }
}
