package io.nightjar.storage.writer;

/** What the writer is doing for one camera. */
public enum WriterState {
    /** A file is open and frames are being written. */
    RECORDING("recording"),
    /** No file is open (no frames, motion-only recording between events, or recording off). */
    IDLE("idle"),
    /** The last write failed; writing is retried after a pause, frames meanwhile are dropped as {@code diskError}. */
    DISK_ERROR("disk error");

    private final String label;

    WriterState(String label) {
        this.label = label;
    }

    /** As shown in health ("recording", "idle", "disk error"). */
    public String label() {
        return label;
    }
}
