package io.nightjar.benchmarks.storage;

import io.nightjar.recorder.ring.FrameRing;
import io.nightjar.recorder.ring.StreamRef;
import io.nightjar.recorder.testing.ClipFeeder;
import io.nightjar.recorder.testing.TestClips;
import io.nightjar.storage.Storage;
import io.nightjar.storage.StorageConfig;
import io.nightjar.storage.read.Mp4Exporter;
import io.nightjar.storage.retention.RetentionPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * MP4 export assembly: planning an export (index lookups, reading each fragment's {@code moof},
 * building the progressive {@code moov} with its sample tables and edit list) for 10 minutes and
 * for 1 hour of recorded 25 fps H.264, starting at a random instant. Setup records 2 hours
 * (24 files of 5 minutes) once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dio.netty.leakDetection.level=disabled"})
public class ExportPlanBenchmark {
    static final long T0 = 1_795_860_000_000_000L;
    static final long HOURS = 2;

    Path dir;
    Storage storage;

    @Setup
    public void record() throws Exception {
        dir = Files.createTempDirectory("nightjar-export-plan");
        try (Storage s = Storage.open(StorageConfig.defaults(dir).withRetention(RetentionPolicy::unlimited, 0))) {
            FrameRing ring = FrameRing.builder().size(4096).consumer(s.writer()).start();
            new ClipFeeder(TestClips.h264(320, 180, 25, 50, 4), StreamRef.main("cam"), ring).feed(T0, (int) (25 * 3600 * HOURS), true);
            ring.close();
        }
        storage = Storage.open(StorageConfig.defaults(dir).withRetention(RetentionPolicy::unlimited, 0));
    }

    @TearDown
    public void delete() throws Exception {
        storage.close();
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private long start(long lengthMicros) {
        return T0 + ThreadLocalRandom.current().nextLong(HOURS * 3_600_000_000L - lengthMicros);
    }

    @Benchmark
    public Mp4Exporter.Plan plan10min() throws Exception {
        long from = start(600_000_000L);
        return storage.exporter().plan("cam", from, from + 600_000_000L);
    }

    @Benchmark
    public Mp4Exporter.Plan plan1h() throws Exception {
        long from = start(3_600_000_000L);
        return storage.exporter().plan("cam", from, from + 3_600_000_000L);
    }
}
