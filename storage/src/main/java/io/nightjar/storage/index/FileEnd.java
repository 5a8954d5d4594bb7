package io.nightjar.storage.index;

import io.nightjar.recorder.ring.RunStart;

/**
 * Why a segment file ended: a kind other layers switch on, the run start that cut it (for
 * {@link Kind#NEW_RUN}), and the sentence shown to people. Stored in the file record (version 2);
 * version-1 records carried the sentence alone and are read back through {@link #fromV1}.
 *
 * @param kind   what ended the file
 * @param run    for {@link Kind#NEW_RUN}: why the next frame started a run; else {@link RunStart#NONE}
 * @param detail in words, as logged and shown ("rotation", "disk error: No space left on device writing ...")
 */
public record FileEnd(Kind kind, RunStart run, String detail) {
    /** What ended a file. */
    public enum Kind {
        /** The segment reached its length and the next keyframe began a new one. */
        ROTATION,
        /** The camera's codec configuration (resolution, profile, parameter sets) changed. */
        CODEC_CHANGED,
        /** The next frame started a new run ({@link #run()} says why). */
        NEW_RUN,
        /** No frames came for the idle timeout. */
        CAMERA_STOPPED,
        /** Motion-only recording: the event's post-roll ended. */
        NO_MOTION,
        /** Recording was turned off for the camera. */
        RECORDING_OFF,
        /** Nightjar stopped cleanly. */
        SHUTDOWN,
        /** A write failed (disk full, I/O error); what reached the file is kept. */
        DISK_ERROR,
        /** Nightjar stopped without closing the file; recovery closed it at start. */
        RESTART,
        /** Recovery found the file unknown to the index and indexed it. */
        ADOPTED,
        /** Not known (a record written before kinds were kept, with an unrecognised sentence). */
        UNKNOWN,
        /**
         * The camera's cluster assignment changed epoch while this node kept recording it (it was
         * moved away while the node was cut off, and back): the next file carries the new epoch.
         * (Last, as kinds are stored by position.)
         */
        NEW_EPOCH,
        /** The cluster moved the camera to another node, which records it from here on. */
        MOVED
    }

    public FileEnd {
        if (kind == null || run == null || detail == null) {
            throw new IllegalArgumentException("a file end needs a kind, a run start and a detail");
        }
    }

    public static FileEnd of(Kind kind, String detail) {
        return new FileEnd(kind, RunStart.NONE, detail);
    }

    /** A file cut because the next frame starts a new run. */
    public static FileEnd newRun(RunStart why) {
        return new FileEnd(Kind.NEW_RUN, why, "new run: " + why.reason());
    }

    /** How version 1 began each end reason, in the order they are tried. */
    private static final java.util.List<java.util.Map.Entry<String, Kind>> V1_WORDING = java.util.List.of(
            java.util.Map.entry("rotation", Kind.ROTATION), java.util.Map.entry("codec configuration changed", Kind.CODEC_CHANGED),
            java.util.Map.entry("new run", Kind.NEW_RUN), java.util.Map.entry("camera stopped", Kind.CAMERA_STOPPED),
            java.util.Map.entry("no motion", Kind.NO_MOTION), java.util.Map.entry("recording off", Kind.RECORDING_OFF),
            java.util.Map.entry("shutdown", Kind.SHUTDOWN), java.util.Map.entry("disk", Kind.DISK_ERROR),
            java.util.Map.entry("restart", Kind.RESTART), java.util.Map.entry("adopted", Kind.ADOPTED));

    /**
     * The end of a version-1 record, which kept only the sentence: its kind read from how the
     * writer and recovery of that version worded it.
     */
    static FileEnd fromV1(String text) {
        if (text.startsWith("new run: ")) {
            String why = text.substring("new run: ".length());
            for (RunStart r : RunStart.values()) {
                if (why.equals(r.reason())) {
                    return new FileEnd(Kind.NEW_RUN, r, text);
                }
            }
            return new FileEnd(Kind.NEW_RUN, RunStart.NONE, text);
        }
        for (java.util.Map.Entry<String, Kind> w : V1_WORDING) {
            if (text.startsWith(w.getKey())) {
                return of(w.getValue(), text);
            }
        }
        return of(Kind.UNKNOWN, text);
    }

    @Override
    public String toString() {
        return detail;
    }
}
