package io.nightjar.recorder.ingest;

import io.nightjar.recorder.media.rtp.AccessUnitListener;

/** Where a track's access units and timing information go. */
public interface MediaSink extends AccessUnitListener {
    /** A sender report: the camera's wall clock (Unix µs) at an unwrapped media timestamp. */
    default void onSenderReport(long pts90k, long ntpUnixMicros) {
    }

    /** A new session (connect or reconnect) starts; timing starts a new run. */
    default void onSessionStart(FlowControl flow) {
    }

    /** The stream's timing broke (SSRC change, sequence restart): the next frame starts a new run. */
    default void onDiscontinuity() {
    }

    /** The session ended; drop anything held for it. */
    default void onSessionEnd() {
    }
}
