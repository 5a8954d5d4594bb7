package io.nightjar.recorder.ring;

/**
 * Why an access unit starts a new run of a stream — continuous footage from here — or
 * {@link #NONE}. The recorder starts a new file at each run and records the reason as the end
 * reason of the file before, so a gap in the timeline says what happened.
 */
public enum RunStart {
    /** The stream goes on. */
    NONE(null),
    /** The camera's session started: the first connection, or a reconnection. */
    STREAM_START("the camera's stream started (connect or reconnect)"),
    /** The camera restarted its stream within the session (a new SSRC). */
    STREAM_RESTART("the camera restarted its stream (new SSRC)"),
    /** The camera's timestamps leapt (backwards, or ahead of the time that passed). */
    TIMESTAMP_JUMP("the camera's timestamps jumped"),
    /** Frames before this one were shed because footage memory was full (the recorder was overloaded). */
    FRAMES_SHED("frames before it were shed: the recorder was overloaded"),
    /** Frames before this one were dropped because the frame ring stayed full. */
    FRAMES_DROPPED("frames before it were dropped: the frame ring stayed full");

    private final String reason;

    RunStart(String reason) {
        this.reason = reason;
    }

    /** In words, for gaps and file end reasons; null for {@link #NONE}. */
    public String reason() {
        return reason;
    }

    /** {@link #STREAM_START} when {@code starts}, else {@link #NONE} (for producers that only know "first frame"). */
    public static RunStart when(boolean starts) {
        return starts ? STREAM_START : NONE;
    }
}
