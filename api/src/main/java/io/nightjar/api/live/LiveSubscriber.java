package io.nightjar.api.live;

/**
 * A viewer of one camera stream (an RTSP reader, a browser's WebSocket, a snapshot, a preview
 * transcoder). Called on the fan-out thread: implementations must only enqueue ({@link LiveQueue}
 * does it right). Each frame carries both its RTP packets and its fMP4 fragment, built once.
 */
@FunctionalInterface
public interface LiveSubscriber {
    /** A frame; retain it to keep it past the call. */
    void offer(LiveFrame frame);

    /** The fan-out stops (server shutdown); the viewer should close. */
    default void ended() {
    }

    /** A subscriber from a frame handler and what to do when the fan-out ends. */
    static LiveSubscriber of(java.util.function.Consumer<LiveFrame> offer, Runnable ended) {
        return new LiveSubscriber() {
            @Override
            public void offer(LiveFrame frame) {
                offer.accept(frame);
            }

            @Override
            public void ended() {
                ended.run();
            }
        };
    }
}
