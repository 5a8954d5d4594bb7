package io.nightjar.benchmarks.storage;

import io.nightjar.storage.index.FileRecord;
import io.nightjar.storage.index.FragmentRecord;
import io.nightjar.storage.index.TimeIndex;
import io.nightjar.storage.read.Span;
import io.nightjar.storage.read.SpanQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * Index queries at scale: one camera with 10 million one-second fragments (116 days) in 33 334
 * five-minute files, in RocksDB on disk (built once into {@code target/index-10m}, reused after).
 * {@code locate}: the fragment for a random instant (sample mode: percentiles). {@code spans24h}:
 * recorded spans of a random day. {@code fragments1h}: every fragment of a random hour.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class IndexBenchmark {
    static final int FRAGMENTS = 10_000_000;
    static final long T0 = 1_700_000_000_000_000L;
    static final String CAMERA = "bench";

    TimeIndex index;
    long[] instants;
    int next;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        Path dir = Path.of(System.getProperty("nightjar.bench.index", "target/index-10m"));
        boolean built = Files.exists(dir.resolve("BUILT"));
        index = TimeIndex.open(dir);
        if (!built) {
            build(index);
            Files.writeString(dir.resolve("BUILT"), "10M fragments\n");
        }
        Random r = new Random(1);
        instants = new long[1 << 16];
        for (int i = 0; i < instants.length; i++) {
            instants[i] = T0 + (long) (r.nextDouble() * FRAGMENTS * 1_000_000L);
        }
    }

    static void build(TimeIndex index) {
        long t0 = System.nanoTime();
        List<FileRecord> files = new ArrayList<>();
        try (TimeIndex.Batch batch = index.newBatch()) {
            for (int i = 0; i < FRAGMENTS; i++) {
                long fileId = i / 300 + 1;
                long start = T0 + i * 1_000_000L;
                batch.addFragment(new FragmentRecord(CAMERA, start, fileId, 1000L + (i % 300) * 500_000L, 500_000, 1_000_000, 25, true));
                if (i % 300 == 0) {
                    files.add(new FileRecord(fileId, CAMERA, CAMERA + "/f" + fileId + ".mp4", start, start + 300_000_000L,
                            150_000_000L, FileRecord.State.CLOSED, "00", "avc1.640028", 1000, 300,
                            io.nightjar.storage.index.FileEnd.of(io.nightjar.storage.index.FileEnd.Kind.ROTATION, "rotation"), 0));
                }
                if (batch.size() >= 100_000) {
                    batch.commit();
                }
                if (files.size() >= 1000) {
                    index.files().putAll(files);
                    files.clear();
                }
            }
            batch.commit();
        }
        index.files().putAll(files);
        index.flush();
        index.compact();
        System.out.printf("%n[setup] built %d fragments in %.1f s%n", FRAGMENTS, (System.nanoTime() - t0) / 1e9);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        index.close();
    }

    private long nextInstant() {
        return instants[next++ & (instants.length - 1)];
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public FragmentRecord locate() {
        return index.fragments().locate(CAMERA, nextInstant());
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public List<Span> spans24h() {
        long from = Math.min(nextInstant(), T0 + (FRAGMENTS - 86_400L) * 1_000_000L);
        return SpanQuery.spans(index, CAMERA, from, from + 86_400_000_000L);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int fragments1h() {
        long from = Math.min(nextInstant(), T0 + (FRAGMENTS - 3600L) * 1_000_000L);
        int[] n = {0};
        index.fragments().forEach(CAMERA, from, from + 3_600_000_000L, f -> {
            n[0]++;
            return true;
        });
        return n[0];
    }
}
