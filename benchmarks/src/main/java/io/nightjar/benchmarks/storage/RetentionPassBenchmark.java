package io.nightjar.benchmarks.storage;

import io.nightjar.storage.StorageLayout;
import io.nightjar.storage.index.FileEnd;
import io.nightjar.storage.index.FileRecord;
import io.nightjar.storage.index.TimeIndex;
import io.nightjar.storage.retention.HoldStore;
import io.nightjar.storage.retention.Retention;
import io.nightjar.storage.retention.RetentionPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * One retention pass over a large index that has nothing to delete: 200 cameras × 30 days of
 * five-minute files (1 728 000 file records, built once into {@code target/index-retention}),
 * an age limit of 31 days and a free-space floor every file system is above — the pass that runs
 * every 10 s on a full, healthy recorder. What it costs is what retention takes from the disk
 * and the CPU all the time.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RetentionPassBenchmark {
    static final int CAMERAS = 200;
    static final int FILES = 30 * 288;
    static final long T0 = 1_700_000_000_000_000L;
    static final long FILE_MICROS = 300_000_000L;
    static final long NOW = T0 + FILES * FILE_MICROS;

    TimeIndex index;
    Retention retention;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        Path dir = Path.of(System.getProperty("nightjar.bench.retentionIndex", "target/index-retention"));
        boolean built = Files.exists(dir.resolve("BUILT"));
        index = TimeIndex.open(dir);
        if (!built) {
            build(index);
            Files.writeString(dir.resolve("BUILT"), CAMERAS * FILES + " file records\n");
        }
        retention = new Retention(index, new StorageLayout(dir.resolveSibling("retention-footage")), new HoldStore(index),
                () -> new RetentionPolicy(31 * 86_400_000_000L, 0, Map.of(), 0, 1L << 30), () -> NOW, p -> 1L << 40);
    }

    static void build(TimeIndex index) {
        long t0 = System.nanoTime();
        List<FileRecord> files = new ArrayList<>();
        long id = 1;
        for (int c = 0; c < CAMERAS; c++) {
            String camera = "cam" + c;
            for (int i = 0; i < FILES; i++) {
                long start = T0 + i * FILE_MICROS;
                files.add(new FileRecord(id++, camera, camera + "/f" + i + ".mp4", start, start + FILE_MICROS, 150_000_000L,
                        FileRecord.State.CLOSED, "00", "avc1.640028", 1000, 300, FileEnd.of(FileEnd.Kind.ROTATION, "rotation"), 0));
                if (files.size() >= 10_000) {
                    index.files().putAll(files);
                    files.clear();
                }
            }
        }
        index.files().putAll(files);
        index.flush();
        index.compact();
        System.out.printf("%n[setup] built %d file records in %.1f s%n", CAMERAS * FILES, (System.nanoTime() - t0) / 1e9);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        retention.close();
        index.close();
    }

    @Benchmark
    public int passWithNothingToDelete() {
        return retention.runOnce().size();
    }
}
