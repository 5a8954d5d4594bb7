package io.nightjar.benchmarks.cluster;

import io.nightjar.storage.index.FileRecord;
import io.nightjar.storage.index.TimeIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a site recorded, read from each node's own index after it stopped: per camera, the
 * stretches of footage (fragments, merged while contiguous) with the node and epoch that recorded
 * them; and from them the longest gap and the time two nodes recorded the camera at once.
 */
public final class Footage {
    /** Fragments closer than this are one stretch (frame intervals, a keyframe's wait at a file start). */
    static final long CONTIGUOUS_MICROS = 1_500_000L;

    private Footage() {
    }

    /** A stretch of one camera's footage on one node, under one epoch. */
    public record Piece(String node, long epoch, long startMicros, long endMicros) {
    }

    /** The longest gap between a camera's first and last footage, and the total time two pieces overlap. */
    public record Coverage(long longestGapMicros, long overlapMicros) {
    }

    /** Adds the pieces of every camera in the index of {@code data} (opened read-only; {@code scratch} for its log). */
    public static void read(Path data, String node, Path scratch, Map<String, List<Piece>> into) {
        try (TimeIndex index = TimeIndex.openReadOnly(data.resolve(".nightjar").resolve("index"), scratch)) {
            for (FileRecord f : index.files().all()) {
                List<Piece> pieces = into.computeIfAbsent(f.camera(), c -> new ArrayList<>());
                long[] run = {-1, -1};
                index.fragments().forEach(f.camera(), f.startMicros() - 2_000_000L, f.endMicros() + 2_000_000L, fr -> {
                    if (fr.fileId() != f.id()) {
                        return true;
                    }
                    if (run[0] >= 0 && fr.startMicros() - run[1] > CONTIGUOUS_MICROS) {
                        pieces.add(new Piece(node, f.epoch(), run[0], run[1]));
                        run[0] = -1;
                    }
                    if (run[0] < 0) {
                        run[0] = fr.startMicros();
                    }
                    run[1] = Math.max(run[1], fr.endMicros());
                    return true;
                });
                if (run[0] >= 0) {
                    pieces.add(new Piece(node, f.epoch(), run[0], run[1]));
                }
            }
        }
    }

    /** The pieces as they stood at {@code micros} (a stop's own moves left out): later ones dropped, longer ones cut there. */
    public static List<Piece> until(List<Piece> pieces, long micros) {
        List<Piece> out = new ArrayList<>();
        for (Piece p : pieces) {
            if (p.startMicros() < micros) {
                out.add(new Piece(p.node(), p.epoch(), p.startMicros(), Math.min(p.endMicros(), micros)));
            }
        }
        return out;
    }

    public static Coverage coverage(List<Piece> pieces) {
        List<Piece> sorted = new ArrayList<>(pieces);
        sorted.sort(Comparator.comparingLong(Piece::startMicros));
        long gap = 0;
        long overlap = 0;
        long end = Long.MIN_VALUE;
        for (Piece p : sorted) {
            if (end != Long.MIN_VALUE && p.startMicros() > end) {
                gap = Math.max(gap, p.startMicros() - end);
            } else if (end != Long.MIN_VALUE) {
                overlap += Math.min(end, p.endMicros()) - p.startMicros();
            }
            end = Math.max(end, p.endMicros());
        }
        return new Coverage(gap, overlap);
    }

    /** The nodes that recorded the pieces. */
    public static TreeSet<String> nodes(List<Piece> pieces) {
        TreeSet<String> out = new TreeSet<>();
        pieces.forEach(p -> out.add(p.node()));
        return out;
    }

    /** node:epoch pairs of the pieces. */
    public static TreeSet<String> epochs(List<Piece> pieces) {
        TreeSet<String> out = new TreeSet<>();
        pieces.forEach(p -> out.add(p.node() + ":" + p.epoch()));
        return out;
    }
}
