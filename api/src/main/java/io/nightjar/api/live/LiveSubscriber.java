package io.nightjar.api.live;

/**
 * A viewer of one camera stream (an RTSP reader, a browser's WebSocket). Called on the fan-out
 * thread: implementations must only enqueue ({@link LiveQueue} does it right).
 */
public interface LiveSubscriber {
    /** Whether the viewer needs RTP packets (RTSP) and/or fMP4 fragments (browser). */
    boolean wantsRtp();

    boolean wantsFmp4();

    /** A frame; retain it to keep it past the call. */
    void offer(LiveFrame frame);

    /** The fan-out stops (server shutdown); the viewer should close. */
    default void ended() {
    }
}
