package io.nightjar.api.cluster;

import io.nightjar.api.service.SpanView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The spans of one camera as the whole site recorded it, from each node's own spans: a moment is
 * recorded when any node recorded it; the gaps left keep the reason of the node whose footage
 * ended there. Pure; times in milliseconds, as spans are shown.
 */
public final class SpanStitch {
    /** Gaps shorter than this are not gaps (as on one node: a frame or two between files). */
    static final long TOLERANCE_MS = 1_500;

    private SpanStitch() {
    }

    /** The stitched spans of {@code [fromMs, toMs)} from every node's spans of it (this node's among them). */
    public static List<SpanView> stitch(List<List<SpanView>> byNode, long fromMs, long toMs) {
        List<SpanView> recorded = new ArrayList<>();
        List<SpanView> gaps = new ArrayList<>();
        for (List<SpanView> spans : byNode) {
            for (SpanView s : spans) {
                (s.recorded() ? recorded : gaps).add(s);
            }
        }
        recorded.sort(Comparator.comparingLong(SpanView::startMs));
        List<long[]> union = new ArrayList<>();
        for (SpanView s : recorded) {
            long start = Math.max(s.startMs(), fromMs);
            long end = Math.min(s.endMs(), toMs);
            if (end <= start) {
                continue;
            }
            long[] last = union.isEmpty() ? null : union.get(union.size() - 1);
            if (last != null && start <= last[1] + TOLERANCE_MS) {
                last[1] = Math.max(last[1], end);
            } else {
                union.add(new long[] {start, end});
            }
        }
        List<SpanView> out = new ArrayList<>();
        long cursor = fromMs;
        for (long[] r : union) {
            if (r[0] - cursor > TOLERANCE_MS) {
                out.add(gap(cursor, r[0], gaps));
            }
            out.add(span(r[0], r[1], true, null));
            cursor = r[1];
        }
        if (toMs - cursor > TOLERANCE_MS || out.isEmpty()) {
            out.add(gap(cursor, toMs, gaps));
        }
        return out;
    }

    /** A gap with the reason of a node's gap that starts where it does (the node whose footage ended there), else the first one covering it. */
    /** The union of positive intervals (motion found by several nodes): sorted, overlapping or touching ones merged. */
    public static List<SpanView> union(List<SpanView> spans) {
        List<SpanView> sorted = new ArrayList<>(spans);
        sorted.sort(java.util.Comparator.comparingLong(SpanView::startMs));
        List<SpanView> out = new ArrayList<>();
        for (SpanView s : sorted) {
            SpanView last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && s.startMs() <= last.endMs()) {
                if (s.endMs() > last.endMs()) {
                    out.set(out.size() - 1, span(last.startMs(), s.endMs(), true, null));
                }
            } else {
                out.add(span(s.startMs(), s.endMs(), true, null));
            }
        }
        return out;
    }

    private static SpanView gap(long start, long end, List<SpanView> gaps) {
        String reason = null;
        for (SpanView g : gaps) {
            if (Math.abs(g.startMs() - start) <= TOLERANCE_MS && g.reason() != null) {
                reason = g.reason();
                break;
            }
        }
        if (reason == null) {
            for (SpanView g : gaps) {
                if (g.startMs() <= start && g.endMs() >= end && g.reason() != null) {
                    reason = g.reason();
                    break;
                }
            }
        }
        return span(start, end, false, reason == null ? "no recording" : reason);
    }

    private static SpanView span(long startMs, long endMs, boolean recorded, String reason) {
        return new SpanView(Instant.ofEpochMilli(startMs).toString(), Instant.ofEpochMilli(endMs).toString(), startMs, endMs, recorded, reason);
    }
}
