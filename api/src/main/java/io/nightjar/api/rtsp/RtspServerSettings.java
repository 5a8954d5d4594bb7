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
 * @param sessionsPerUser       sessions one user may hold at once (a VMS account pulling every camera needs one or two per camera)
 * @param maxConnections        open connections at most
 * @param connectionsPerSource  open connections at most from one address
 */
public record RtspServerSettings(String bind, int port, PortRange udpPorts, int sessionTimeoutSeconds, int sessionsPerUser,
                                 int maxConnections, int connectionsPerSource) {
    public static final int DEFAULT_SESSION_TIMEOUT_SECONDS = 60;
    public static final int DEFAULT_SESSIONS_PER_USER = 256;
    public static final int DEFAULT_MAX_CONNECTIONS = 4096;
    public static final int DEFAULT_CONNECTIONS_PER_SOURCE = 1024;

    public RtspServerSettings {
        if (sessionTimeoutSeconds < 1 || sessionTimeoutSeconds > 3600) {
            throw new IllegalArgumentException("the RTSP session timeout must be 1-3600 s, was " + sessionTimeoutSeconds);
        }
        if (sessionsPerUser < 1 || sessionsPerUser > RtspServer.MAX_SESSIONS) {
            throw new IllegalArgumentException("RTSP sessions per user must be 1-" + RtspServer.MAX_SESSIONS + ", was " + sessionsPerUser);
        }
    }

    public RtspServerSettings(String bind, int port, PortRange udpPorts, int sessionTimeoutSeconds) {
        this(bind, port, udpPorts, sessionTimeoutSeconds, DEFAULT_SESSIONS_PER_USER, DEFAULT_MAX_CONNECTIONS, DEFAULT_CONNECTIONS_PER_SOURCE);
    }

    public RtspServerSettings withLimits(int sessionsPerUser, int maxConnections, int connectionsPerSource) {
        return new RtspServerSettings(bind, port, udpPorts, sessionTimeoutSeconds, sessionsPerUser, maxConnections, connectionsPerSource);
    }

    public static RtspServerSettings of(String bind, int port) {
        return new RtspServerSettings(bind, port, null, DEFAULT_SESSION_TIMEOUT_SECONDS);
    }
}
