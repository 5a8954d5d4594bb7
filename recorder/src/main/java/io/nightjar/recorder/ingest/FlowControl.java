package io.nightjar.recorder.ingest;

import java.util.concurrent.TimeUnit;

/** What a publisher may ask of the connection feeding it; all calls are made on its event loop. */
public interface FlowControl {
    /** Stops reading from the network (Netty {@code autoRead=false}). */
    void pauseReading();

    /** Resumes reading. */
    void resumeReading();

    /** Runs a task later on the same event loop. */
    void schedule(Runnable task, long delay, TimeUnit unit);

    /** For tests and the probe: never pauses, runs scheduled tasks never. */
    FlowControl NONE = new FlowControl() {
        @Override
        public void pauseReading() {
        }

        @Override
        public void resumeReading() {
        }

        @Override
        public void schedule(Runnable task, long delay, TimeUnit unit) {
        }
    };
}
