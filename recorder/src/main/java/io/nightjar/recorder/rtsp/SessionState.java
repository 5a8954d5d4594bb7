package io.nightjar.recorder.rtsp;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where an {@link RtspSession} is, and where it may go from there. The handshake moves one step per
 * reply: OPTIONS, DESCRIBE, one SETUP per track, PLAY. Any state may end in {@link #CLOSED};
 * a session that falls back from UDP to TCP goes back to {@link #IDLE} and connects again.
 */
enum SessionState {
    /** Not connected: before {@link RtspSession#start()}, or between a UDP attempt and its TCP retry. */
    IDLE,
    /** TCP connect in progress. */
    CONNECTING,
    /** OPTIONS sent: learning whether the camera takes GET_PARAMETER as a keep-alive. */
    OPTIONS,
    /** DESCRIBE sent: waiting for the SDP. */
    DESCRIBE,
    /** SETUP of one track in flight (again for each further track). */
    SETUP,
    /** PLAY sent. */
    PLAY,
    /** Media flowing; keep-alives and receiver reports run. */
    PLAYING,
    /** Ended (stopped, failed or aborted); final. */
    CLOSED;

    /** True when a session in this state may move to {@code next}. */
    boolean canMoveTo(SessionState next) {
        return next == CLOSED ? this != CLOSED : successors().contains(next);
    }

    private Set<SessionState> successors() {
        return switch (this) {
            case IDLE -> EnumSet.of(CONNECTING);
            case CONNECTING -> EnumSet.of(OPTIONS);
            case OPTIONS -> EnumSet.of(DESCRIBE);
            case DESCRIBE -> EnumSet.of(SETUP);
            case SETUP -> EnumSet.of(SETUP, PLAY, IDLE); // IDLE: UDP could not be set up, retry over TCP
            case PLAY -> EnumSet.of(PLAYING);
            case PLAYING -> EnumSet.of(IDLE); // no UDP arrived: retry over TCP
            case CLOSED -> EnumSet.noneOf(SessionState.class);
        };
    }

    /** Lower-case name for messages ("no data from the camera for 10 s (describe)"). */
    String words() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
