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
        UNKNOWN
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
        Kind k;
        if (text.equals("rotation")) {
            k = Kind.ROTATION;
        } else if (text.startsWith("codec configuration changed")) {
            k = Kind.CODEC_CHANGED;
        } else if (text.startsWith("new run")) {
            k = Kind.NEW_RUN;
        } else if (text.startsWith("camera stopped")) {
            k = Kind.CAMERA_STOPPED;
        } else if (text.startsWith("no motion")) {
            k = Kind.NO_MOTION;
        } else if (text.startsWith("recording off")) {
            k = Kind.RECORDING_OFF;
        } else if (text.startsWith("shutdown")) {
            k = Kind.SHUTDOWN;
        } else if (text.startsWith("disk")) {
            k = Kind.DISK_ERROR;
        } else if (text.startsWith("restart")) {
            k = Kind.RESTART;
        } else if (text.startsWith("adopted")) {
            k = Kind.ADOPTED;
        } else {
            k = Kind.UNKNOWN;
        }
        return of(k, text);
    }

    @Override
    public String toString() {
        return detail;
    }
}
