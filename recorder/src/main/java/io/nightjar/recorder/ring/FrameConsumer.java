package io.nightjar.recorder.ring;

/**
 * A consumer of the frame ring, implemented by the segment writer, the live fan-out and the
 * analytics tap. Each runs on a thread of its own.
 *
 * <p>Every consumer gates the producers: a slow consumer fills the ring and stalls ingest. Only a
 * {@link Delivery#LOSSLESS} consumer (the segment writer) may ever be slow; a
 * {@link Delivery#LOSSY} consumer must hand work off to bounded queues of its own and drop there,
 * returning from {@link #onFrame} in microseconds.
 */
public interface FrameConsumer {
    /** Whether the consumer may hold the ring back. */
    enum Delivery { LOSSLESS, LOSSY }

    String name();

    Delivery delivery();

    /**
     * @param event      valid only during the call (retain the payload to keep it)
     * @param endOfBatch true for the last event currently available: a good moment to flush
     */
    void onFrame(FrameEvent event, boolean endOfBatch) throws Exception;

    /**
     * How long this consumer parks when the ring is empty, in microseconds; 0 (the default) takes
     * the ring's interval (2 ms). A consumer whose output is not latency-critical (the segment
     * writer, whose fragments close once a second) parks longer and wakes less often.
     */
    default long parkMicros() {
        return 0;
    }

    /** Called when no event arrived for the ring's idle interval: a moment for periodic work. */
    default void onIdle() throws Exception {
    }

    default void onStart() {
    }

    default void onShutdown() {
    }
}
