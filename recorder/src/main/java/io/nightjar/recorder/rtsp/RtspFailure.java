package io.nightjar.recorder.rtsp;

/**
 * Why a session ended, in words a technician can act on.
 *
 * @param kind    the category
 * @param message one line, never containing credentials
 */
public record RtspFailure(Kind kind, String message) {
    /** Categories of failure. */
    public enum Kind {
        /** TCP connect failed: wrong address, camera off, firewall. */
        UNREACHABLE,
        /** The camera wants credentials and none were configured. */
        AUTH_REQUIRED,
        /** The camera rejected the credentials. */
        AUTH_REJECTED,
        /** The stream path does not exist (404). */
        NOT_FOUND,
        /** The SDP offers no H.264/H.265 video. */
        NO_SUPPORTED_TRACK,
        /** No reply or no data within the time limit. */
        TIMEOUT,
        /** Streaming, but no frames for the stall limit. */
        STALLED,
        /** The camera closed the connection. */
        CLOSED,
        /** Other error statuses from the camera. */
        SERVER_ERROR,
        /** Replies we could not make sense of. */
        PROTOCOL,
        /** The transport could not be set up. */
        TRANSPORT
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + message;
    }
}
