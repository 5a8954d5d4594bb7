package io.nightjar.storage.read;

import static io.nightjar.storage.testing.Times.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.nightjar.storage.index.TimeIndex;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MotionSearchTest {
    @TempDir
    Path dir;

    /** A 72-byte grid with one cell set (32 columns × 18 rows, row-major, MSB first). */
    static byte[] cell(int col, int row) {
        byte[] g = new byte[72];
        int bit = row * 32 + col;
        g[bit >>> 3] |= (byte) (0x80 >>> (bit & 7));
        return g;
    }

    @Test
    void findsTheSecondsWithMotionInTheRegionAndMergesNeighbours() {
        try (TimeIndex index = TimeIndex.open(dir)) {
            long s0 = T0 / 1_000_000L;
            for (int s = 10; s < 15; s++) {
                index.motion().put("cam", s0 + s, cell(3, 3)); // top left, 10-15 s
            }
            index.motion().put("cam", s0 + 16, cell(3, 3)); // 1 s later: same interval
            index.motion().put("cam", s0 + 100, cell(30, 16)); // bottom right only
            index.motion().put("cam", s0 + 130, cell(3, 3)); // top left again
            byte[] topLeft = cell(3, 3);
            topLeft[0] |= (byte) 0xF0;
            List<Span> hits = MotionSearch.search(index, "cam", topLeft, T0, T0 + 200_000_000L);
            assertThat(hits).containsExactly(new Span(T0 + 10_000_000L, T0 + 17_000_000L, true, null),
                    new Span(T0 + 130_000_000L, T0 + 131_000_000L, true, null));
            assertThat(MotionSearch.search(index, "cam", cell(30, 16), T0, T0 + 200_000_000L)).hasSize(1);
            assertThat(MotionSearch.search(index, "cam", topLeft, T0 + 12_000_000L, T0 + 13_000_000L))
                    .containsExactly(new Span(T0 + 12_000_000L, T0 + 13_000_000L, true, null));
            assertThat(MotionSearch.search(index, "other", topLeft, T0, T0 + 200_000_000L)).isEmpty();
        }
    }
}
