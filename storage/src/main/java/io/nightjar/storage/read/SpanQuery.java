package io.nightjar.storage.read;

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
        for (FileRecord f : index.files(camera, from, to)) {
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
            gapReason = describe(f.state() == FileRecord.State.OPEN ? "recording" : f.endReason());
        }
        if (to - cursor > TOLERANCE_MICROS || out.isEmpty()) {
            out.add(new Span(cursor, to, false, gapReason));
        }
        return out;
    }

    /** Turns a file's end reason into the reason for the gap that follows it. */
    static String describe(String endReason) {
        if (endReason == null) {
            return "no recording";
        }
        if (endReason.equals("recording")) {
            return "not recorded yet";
        }
        if (endReason.startsWith("camera stopped")) {
            return "camera offline";
        }
        if (endReason.startsWith("new run: ")) { // "new run: " + RunStart.reason()
            String why = endReason.substring("new run: ".length());
            return why.equals(io.nightjar.recorder.ring.RunStart.STREAM_START.reason()) ? "camera reconnected (stream interrupted)" : why;
        }
        if (endReason.startsWith("new run")) {
            return "camera reconnected or its clock jumped"; // files written before run reasons were recorded
        }
        if (endReason.startsWith("shutdown")) {
            return "Nightjar stopped";
        }
        if (endReason.startsWith("restart")) {
            return "Nightjar restarted";
        }
        if (endReason.startsWith("no motion") || endReason.startsWith("recording off")) {
            return endReason;
        }
        if (endReason.startsWith("disk")) {
            return endReason;
        }
        return "no recording";
    }
}
