package io.nightjar.storage.read;

import io.nightjar.storage.index.TimeIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * Smart search: when was there motion in a drawn region? Motion grids (one bit per cell of a
 * 32 × 18 grid, per second with motion) are stored with a per-minute OR summary; the search reads
 * the summaries of the range and opens only the minutes whose summary touches the region, so a
 * week of a camera is ~10 000 summary reads, not 600 000 seconds.
 */
public final class MotionSearch {
    /** Seconds of motion closer than this are one interval. */
    static final long MERGE_SECONDS = 2;

    private MotionSearch() {
    }

    /**
     * @param region a grid with the cells of the drawn region set (same layout as the stored grids)
     * @return intervals (UTC µs) with motion in the region, in time order
     */
    public static List<Span> search(TimeIndex index, String camera, byte[] region, long fromMicros, long toMicros) {
        List<Span> out = new ArrayList<>();
        long fromSecond = Math.floorDiv(fromMicros, 1_000_000L);
        long toSecond = Math.floorDiv(toMicros + 999_999L, 1_000_000L);
        List<Long> minutes = new ArrayList<>();
        index.motion().forEachMinute(camera, Math.floorDiv(fromSecond, 60), Math.floorDiv(toSecond, 60) + 1, (minute, grid) -> {
            if (intersects(grid, region)) {
                minutes.add(minute);
            }
            return true;
        });
        long[] current = null;
        for (long minute : minutes) {
            long s0 = Math.max(fromSecond, minute * 60);
            long s1 = Math.min(toSecond, minute * 60 + 60);
            List<Long> hits = new ArrayList<>();
            index.motion().forEachSecond(camera, s0, s1, (second, grid) -> {
                if (intersects(grid, region)) {
                    hits.add(second);
                }
                return true;
            });
            for (long second : hits) {
                if (current != null && second - current[1] <= MERGE_SECONDS) {
                    current[1] = second + 1;
                } else {
                    if (current != null) {
                        out.add(new Span(current[0] * 1_000_000L, current[1] * 1_000_000L, true, null));
                    }
                    current = new long[] {second, second + 1};
                }
            }
        }
        if (current != null) {
            out.add(new Span(current[0] * 1_000_000L, current[1] * 1_000_000L, true, null));
        }
        return out;
    }

    private static boolean intersects(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            if ((a[i] & b[i]) != 0) {
                return true;
            }
        }
        return false;
    }
}
