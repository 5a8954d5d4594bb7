package io.nightjar.benchmarks.storage;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.nightjar.recorder.media.CodecConfig;
import io.nightjar.recorder.media.NalUnits;
import io.nightjar.recorder.ring.FrameDraft;
import io.nightjar.recorder.ring.FrameRing;
import io.nightjar.recorder.ring.RunStart;
import io.nightjar.recorder.ring.StreamRef;
import io.nightjar.storage.Storage;
import io.nightjar.storage.StorageConfig;
import io.nightjar.storage.index.FileRecord;
import io.nightjar.storage.retention.RetentionPolicy;
import io.nightjar.storage.writer.WriterSettings;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The storage write path: access units published into the real frame ring and consumed by the
 * segment writer on the ring's writer thread, which copies them into fragments, writes the
 * fragments into segment files in the page cache (a tmpfs under /dev/shm, so the figure is not the
 * disk's) and commits their index entries to RocksDB once per ring batch. The writer thread is the
 * one core measured; the JMH thread only publishes and waits for the ring to drain.
 *
 * <p>One operation = one GOP of 1080p-like H.264 (250 kB IDR + 24 × 40 kB), 1.21 MB of payload,
 * published then drained. Segment files rotate every 5 minutes of media time (the default); closed files are
 * deleted between iterations to keep the tmpfs small.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Djmh.executor=CUSTOM",
        "-Djmh.executor.class=io.nightjar.benchmarks.EventLoopLikeExecutor", "-Dio.netty.leakDetection.level=disabled"})
public class WritePathBenchmark {
    static final byte[] SPS = java.util.HexFormat.of().parseHex("67640028acd940780227e5c044000003000400000300c83c60c658");
    static final byte[] PPS = java.util.HexFormat.of().parseHex("68ebe3cb22c0");
    static final StreamRef CAMERA = StreamRef.main("bench");

    /** O_DIRECT segment writes (the default) or buffered writes into the page cache. */
    @Param({"true", "false"})
    boolean directIo;

    Path dir;
    Storage storage;
    FrameRing ring;
    CodecConfig config;
    ByteBuf[] payloads;
    final FrameDraft draft = new FrameDraft();
    long wall = 1_795_860_000_000_000L;
    long pts;
    long frame;
    long payloadBytes;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        Path shm = Path.of("/dev/shm");
        dir = Files.createTempDirectory(Files.isDirectory(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir")), "nightjar-write");
        storage = Storage.open(StorageConfig.defaults(dir).withWriter(WriterSettings.defaults().withDirectIo(directIo))
                .withRetention(RetentionPolicy::unlimited, 0));
        // The writer parks 10 µs when idle, not its production 20 ms: each op drains the ring, and the
        // op time is meant to be the writer's work, not the parking interval (latency, not CPU).
        ring = FrameRing.builder().size(1024).consumer(new ShortPark(storage.writer())).start();
        config = CodecConfig.h264(SPS, PPS);
        Random random = new Random(7);
        payloads = new ByteBuf[25];
        for (int i = 0; i < 25; i++) {
            byte[] slice = new byte[i == 0 ? 250_000 : 40_000];
            random.nextBytes(slice);
            slice[0] = (byte) (i == 0 ? 0x65 : 0x41);
            byte[] au = i == 0 ? NalUnits.toLengthPrefixed(List.of(SPS, PPS, slice)) : NalUnits.toLengthPrefixed(List.of(slice));
            payloads[i] = PooledByteBufAllocator.DEFAULT.directBuffer(au.length).writeBytes(au);
            payloadBytes += au.length;
        }
        System.out.printf("%n[setup] %d payload bytes per GOP, data in %s%n", payloadBytes, dir);
    }

    @Benchmark
    public long gop() {
        for (int i = 0; i < 25; i++) {
            ByteBuf p = payloads[i].retain(); // the ring's releaser drops this reference
            draft.pts90k(pts).wallMicros(wall).arrivalNanos(System.nanoTime()).key(i == 0)
                    .runStart(RunStart.NONE).config(config).payload(p, null);
            while (!ring.tryPublish(CAMERA, frame, draft)) {
                java.util.concurrent.locks.LockSupport.parkNanos(20_000);
            }
            pts += 3600;
            wall += 40_000;
            frame++;
        }
        while (ring.occupancy() > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000); // do not steal the writer's core
        }
        return wall;
    }

    @TearDown(Level.Iteration)
    public void deleteClosedFiles() throws Exception {
        for (FileRecord f : storage.index().files().all()) {
            if (f.state() == FileRecord.State.CLOSED) {
                Files.deleteIfExists(storage.layout().resolve(f.path()));
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        ring.close();
        storage.close();
        for (ByteBuf b : payloads) {
            b.release();
        }
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The writer, parking 10 µs when the ring is empty. */
    static final class ShortPark implements io.nightjar.recorder.ring.FrameConsumer {
        private final io.nightjar.recorder.ring.FrameConsumer writer;

        ShortPark(io.nightjar.recorder.ring.FrameConsumer writer) {
            this.writer = writer;
        }

        @Override
        public String name() {
            return writer.name();
        }

        @Override
        public Delivery delivery() {
            return writer.delivery();
        }

        @Override
        public long parkMicros() {
            return 10;
        }

        @Override
        public void onFrame(io.nightjar.recorder.ring.FrameEvent event, boolean endOfBatch) throws Exception {
            writer.onFrame(event, endOfBatch);
        }

        @Override
        public void onIdle() throws Exception {
            writer.onIdle();
        }

        @Override
        public void onStart() {
            writer.onStart();
        }

        @Override
        public void onShutdown() {
            writer.onShutdown();
        }
    }
}
