package io.nightjar.api.service;

/** Whether a camera's footage is being kept, and if not, which layer is why. */
public enum RecordingState {
    /** Frames are being written and indexed. */
    recording(true),
    /** Motion recording, and no motion now. */
    waiting_for_motion(true),
    /** Recording is switched off for this camera. */
    off(true),
    /** The camera is not streaming (see its failure). */
    camera_down(false),
    /** Streaming, but no frame has been written yet. */
    nothing_written(false),
    /** The disk refused the writer. */
    disk_error(false),
    /** Streaming, but nothing was indexed for too long. */
    stalled(false),
    /** In a cluster: another node records it. */
    elsewhere(true),
    /** In a cluster: no node records it (no capacity left in the site, or its only node is down). */
    unassigned(false);

    private final boolean ok;

    RecordingState(boolean ok) {
        this.ok = ok;
    }

    /** Whether this is what the configuration asks for (health counts it as fine). */
    public boolean ok() {
        return ok;
    }
}
