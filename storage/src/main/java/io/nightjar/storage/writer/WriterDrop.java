package io.nightjar.storage.writer;

/** Why the segment writer did not record an access unit it was given. */
public enum WriterDrop {
    /** A run (a file) must start with a keyframe: delta frames before the first keyframe of a run are not recorded. */
    AWAITING_KEYFRAME("awaitingKeyframe", "before the first keyframe of a run"),
    /** The disk refused a write (full, failing), or the camera waits out the retry period after one. */
    DISK_ERROR("diskError", "the disk refused the write");

    private final String key;
    private final String description;

    WriterDrop(String key, String description) {
        this.key = key;
        this.description = description;
    }

    /** As health and metrics name it. */
    public String key() {
        return key;
    }

    public String description() {
        return description;
    }
}
