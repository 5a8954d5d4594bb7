package io.nightjar.benchmarks.storage;

import io.nightjar.storage.index.TimeIndex;
import io.nightjar.storage.read.MotionSearch;
import io.nightjar.storage.read.Span;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Smart search over a week of 10 cameras: every camera has motion in 15 % of its minutes (about
 * 30 s each, in random places of the picture), i.e. ~450 000 stored second grids. One op = the
 * search of one drawn region over the whole week for all 10 cameras. Built once into
 * {@code target/motion-week}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class MotionSearchBenchmark {
    static final long T0 = 1_795_392_000_000_000L;
    static final int CAMERAS = 10;
    static final int MINUTES = 7 * 24 * 60;

    TimeIndex index;
    byte[] region;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        Path dir = Path.of(System.getProperty("nightjar.bench.motion", "target/motion-week"));
        boolean built = Files.exists(dir.resolve("BUILT"));
        index = TimeIndex.open(dir);
        if (!built) {
            Random r = new Random(3);
            long seconds = 0;
            for (int c = 0; c < CAMERAS; c++) {
                for (int m = 0; m < MINUTES; m++) {
                    if (r.nextDouble() >= 0.15) {
                        continue;
                    }
                    int col = r.nextInt(28);
                    int row = r.nextInt(15);
                    for (int s = 0; s < 30; s++) {
                        byte[] g = new byte[72];
                        for (int dr = 0; dr < 3; dr++) {
                            for (int dc = 0; dc < 4; dc++) {
                                int bit = (row + dr) * 32 + col + dc;
                                g[bit >>> 3] |= (byte) (0x80 >>> (bit & 7));
                            }
                        }
                        index.motion().put("cam" + c, T0 / 1_000_000L + m * 60L + s, g);
                        seconds++;
                    }
                }
            }
            index.flush();
            index.compact();
            Files.writeString(dir.resolve("BUILT"), seconds + " second grids\n");
            System.out.printf("%n[setup] stored %d second grids%n", seconds);
        }
        region = new byte[72];
        for (int row = 4; row < 8; row++) {
            for (int col = 10; col < 16; col++) {
                int bit = row * 32 + col;
                region[bit >>> 3] |= (byte) (0x80 >>> (bit & 7));
            }
        }
    }

    @Benchmark
    public int searchAWeekOfTenCameras() {
        int hits = 0;
        for (int c = 0; c < CAMERAS; c++) {
            List<Span> s = MotionSearch.search(index, "cam" + c, region, T0, T0 + MINUTES * 60_000_000L);
            hits += s.size();
        }
        return hits;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        index.close();
    }
}
