package io.nightjar.storage.read;

import io.nightjar.storage.index.FileEnd;
import io.nightjar.storage.index.FileRecord;
import io.nightjar.storage.index.TimeIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * Recorded intervals of a camera, coalesced, with the gaps between them made explicit. Built from
 * file records, not fragments: a segment file is one continuous run (the writer starts a new file at
 * every discontinuity), so a day of one camera is a few hundred records, not 86 400 fragments.
 */
public final class SpanQuery {
    /** Gaps shorter than this (a frame or two between files) are not gaps. */
    public static final long TOLERANCE_MICROS = 1_500_000L;

    private SpanQuery() {
    }

    public static List<Span> spans(TimeIndex index, String camera, long from, long to) {
        List<Span> out = new ArrayList<>();
        if (to <= from) {
            return out;
        }
        long cursor = from;
        String gapReason = "no recording";
        for (FileRecord f : index.files().overlapping(camera, from, to)) {
            long s = Math.max(f.startMicros(), from);
            long e = Math.min(f.endMicros(), to);
            if (e <= s) {
                continue;
            }
            if (s - cursor > TOLERANCE_MICROS) {
                out.add(new Span(cursor, s, false, gapReason));
            }
            Span last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.recorded() && s <= last.endMicros() + TOLERANCE_MICROS) {
                out.set(out.size() - 1, new Span(last.startMicros(), Math.max(last.endMicros(), e), true, null));
            } else {
                out.add(new Span(s, e, true, null));
            }
            cursor = Math.max(cursor, e);
            gapReason = describe(f);
        }
        if (to - cursor > TOLERANCE_MICROS || out.isEmpty()) {
            out.add(new Span(cursor, to, false, gapReason));
        }
        return out;
    }

    /** The reason for the gap after a file, from how it ended (null: an open file, or one ended before kinds were kept). */
    static String describe(FileRecord f) {
        if (f.state() == FileRecord.State.OPEN) {
            return "not recorded yet";
        }
        FileEnd end = f.end();
        if (end == null) {
            return "no recording";
        }
        return switch (end.kind()) {
            case CAMERA_STOPPED -> "camera offline";
            case NEW_RUN -> end.run() == io.nightjar.recorder.ring.RunStart.STREAM_START ? "camera reconnected (stream interrupted)"
                    : end.run() != io.nightjar.recorder.ring.RunStart.NONE ? end.run().reason()
                    : "camera reconnected or its clock jumped"; // written before run reasons were recorded
            case SHUTDOWN -> "Nightjar stopped";
            case RESTART -> "Nightjar restarted";
            case NO_MOTION, RECORDING_OFF, DISK_ERROR -> end.detail();
            case MOVED -> "recorded by another node of the cluster";
            case ROTATION, CODEC_CHANGED, ADOPTED, UNKNOWN, NEW_EPOCH -> "no recording";
        };
    }
}
