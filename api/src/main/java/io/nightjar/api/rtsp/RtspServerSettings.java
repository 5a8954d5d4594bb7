package io.nightjar.api.rtsp;

import io.nightjar.recorder.net.PortRange;

/**
 * Where and how the RTSP server listens.
 *
 * @param bind                  address to listen on
 * @param port                  TCP port (0: any free one)
 * @param udpPorts              the UDP range its RTP/RTCP pair is bound in (firewalls), or null for any free pair
 * @param sessionTimeoutSeconds a session that sends no request for this long (UDP), a session never
 *                              played, and a connection that plays nothing are ended after it (plus 10 s of grace)
 */
public record RtspServerSettings(String bind, int port, PortRange udpPorts, int sessionTimeoutSeconds) {
    public static final int DEFAULT_SESSION_TIMEOUT_SECONDS = 60;

    public RtspServerSettings {
        if (sessionTimeoutSeconds < 1 || sessionTimeoutSeconds > 3600) {
            throw new IllegalArgumentException("the RTSP session timeout must be 1-3600 s, was " + sessionTimeoutSeconds);
        }
    }

    public static RtspServerSettings of(String bind, int port) {
        return new RtspServerSettings(bind, port, null, DEFAULT_SESSION_TIMEOUT_SECONDS);
    }
}
