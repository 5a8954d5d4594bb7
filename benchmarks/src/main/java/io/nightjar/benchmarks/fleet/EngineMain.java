package io.nightjar.benchmarks.fleet;

import io.netty.channel.EventLoopGroup;
import io.nightjar.recorder.camera.Backoff;
import io.nightjar.recorder.camera.CameraHealth;
import io.nightjar.recorder.camera.CameraSource;
import io.nightjar.recorder.camera.CameraSupervisor;
import io.nightjar.recorder.memory.MemoryBudget;
import io.nightjar.recorder.memory.Priority;
import io.nightjar.recorder.ring.FrameRing;
import io.nightjar.recorder.ring.StreamRef;
import io.nightjar.recorder.rtsp.RtspClientOptions;
import io.nightjar.recorder.rtsp.RtspUrl;
import io.nightjar.recorder.time.MicrosClock;
import io.nightjar.storage.Storage;
import io.nightjar.storage.StorageConfig;
import io.nightjar.storage.retention.RetentionPolicy;
import io.nightjar.storage.writer.CameraStatus;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The recording engine alone, in its own process, for the fleet harness: RTSP ingest of N
 * cameras, the frame ring and the segment writer with its RocksDB index (no analytics, no API:
 * what is compared with ffmpeg segment recorders). Reads commands on stdin ({@code stats},
 * {@code reset}, {@code quit}) and answers each with one line of {@code key=value} figures,
 * among them the arrival-to-indexed latency percentiles since the last reset (HdrHistogram).
 *
 * <p>Usage: {@code EngineMain <data-dir> <url-prefix> <cameras>} (URLs are prefix + index). Environment:
 * {@code TRANSPORT} (tcp or udp), {@code FSYNC_MS} (writer fsync interval, default 1000, -1 never), {@code MAX_BYTES} (global retention
 * quota for long runs, default none), {@code FOOTAGE_BYTES} (the memory budget), {@code PRIORITIES} (per camera),
 * {@code THREAD_SAMPLES} (count threads of the path caught waiting for memory). More commands: {@code cameras}
 * (per-camera written and dropped counts), {@code flush} (write every fragment held, before counting).
 */
public final class EngineMain {
    private EngineMain() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        String prefix = args[1];
        int cameras = Integer.parseInt(args[2]);
        Recorder latency = new Recorder(3);
        // TRANSPORT: tcp (default) or udp
        RtspClientOptions.Transport transport = "udp".equalsIgnoreCase(System.getenv("TRANSPORT"))
                ? RtspClientOptions.Transport.UDP : RtspClientOptions.Transport.TCP;
        // FSYNC_MS: the writer's fsync interval (default 1000; -1 never, like an ffmpeg recorder), to price durability
        int fsync = Integer.parseInt(System.getenv().getOrDefault("FSYNC_MS", "1000"));
        // MAX_BYTES: a global retention quota (long runs must not fill the disk); retention then runs every 10 s
        long maxBytes = Long.parseLong(System.getenv().getOrDefault("MAX_BYTES", "0"));
        // DIRECT_IO: false writes segment files through the page cache (default true: O_DIRECT)
        boolean directIo = !"false".equalsIgnoreCase(System.getenv("DIRECT_IO"));
        // FOOTAGE_BYTES: the footage memory budget (default 0: 40 % of -XX:MaxDirectMemorySize, as the server)
        MemoryBudget budget = MemoryBudget.forJvm(Long.parseLong(System.getenv().getOrDefault("FOOTAGE_BYTES", "0")));
        // PRIORITIES: per camera, comma-separated (high, normal, low); the last one applies to the rest
        String[] priorities = System.getenv().getOrDefault("PRIORITIES", "normal").split(",");
        // THREAD_SAMPLES: sample every thread's stack every 100 ms, counting event-loop or ring threads waiting for memory
        AllocationWaitSampler sampler = "true".equalsIgnoreCase(System.getenv("THREAD_SAMPLES")) ? AllocationWaitSampler.start() : null;
        RetentionPolicy policy = maxBytes > 0 ? new RetentionPolicy(0, 0, java.util.Map.of(), maxBytes, 0) : RetentionPolicy.unlimited();
        Storage storage = Storage.open(StorageConfig.defaults(data).withRetention(() -> policy, maxBytes > 0 ? 10_000 : 0)
                .withWriter(io.nightjar.storage.writer.WriterSettings.defaults().withFsyncIntervalMillis(fsync).withDirectIo(directIo))
                .withLatency(nanos -> latency.recordValue(Math.min(nanos, 60_000_000_000L)))
                .withBudget(budget));
        FrameRing ring = FrameRing.builder().size(16384).budget(budget).consumer(storage.writer()).start();
        EventLoopGroup group = io.nightjar.recorder.net.Transports.group(Runtime.getRuntime().availableProcessors(), "io");
        List<CameraSupervisor> sups = new ArrayList<>();
        for (int i = 0; i < cameras; i++) {
            Priority p = Priority.parse(priorities[Math.min(i, priorities.length - 1)]);
            CameraSupervisor s = new CameraSupervisor(new CameraSource(StreamRef.main("cam" + i), RtspUrl.parse(prefix + i), null,
                    RtspClientOptions.defaults().withTransport(transport)), group, ring, MicrosClock.SYSTEM, Backoff.standard(), p);
            sups.add(s);
            s.start();
        }
        Histogram window = null;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String cmd;
        while ((cmd = in.readLine()) != null) {
            switch (cmd.trim()) {
                case "reset" -> {
                    latency.getIntervalHistogram();
                    window = null;
                    System.out.println("ok");
                }
                case "stats" -> {
                    Histogram h = latency.getIntervalHistogram();
                    if (window == null) {
                        window = h;
                    } else {
                        window.add(h);
                    }
                    long written = 0;
                    long bytes = 0;
                    long dropped = 0;
                    for (CameraStatus st : storage.writer().status()) {
                        written += st.framesWritten();
                        bytes += st.bytesWritten();
                        dropped += st.framesDropped();
                    }
                    long streaming = sups.stream().filter(s -> s.state() == CameraSupervisor.State.STREAMING).count();
                    long lost = sups.stream().mapToLong(s -> s.health().packetsLost()).sum();
                    long stalls = sups.stream().mapToLong(s -> s.health().ringStalls()).sum();
                    long shed = 0;
                    long ringFull = 0;
                    long allocFail = 0;
                    for (CameraSupervisor s : sups) {
                        CameraHealth.Shedding sh = s.health().shedding();
                        shed += sh.framesShed();
                        ringFull += sh.framesRingFull();
                        allocFail += sh.allocationFailures();
                    }
                    MemoryBudget.Snapshot mem = budget.snapshot();
                    System.out.printf("streaming=%d written=%d bytes=%d writerDropped=%d packetsLost=%d ringStalls=%d ringOccupancy=%d "
                                    + "ringRejected=%d shed=%d ringFull=%d allocFail=%d shedding=%d memUsed=%d memLimit=%d memHigh=%d "
                                    + "reliefFlushes=%d nettyDirect=%d pooledDirect=%d adaptiveDirect=%d allocWaits=%d threadSamples=%d p50=%.1f p99=%.1f max=%.1f samples=%d%n",
                            streaming, written, bytes,
                            dropped, lost, stalls, ring.occupancy(), ring.rejectedFull(), shed, ringFull, allocFail, mem.sheddingStreams(),
                            mem.used(), mem.limit(), mem.highWater(), storage.writer().reliefFlushes(),
                            io.netty.util.internal.PlatformDependent.usedDirectMemory(),
                            io.netty.buffer.PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory(),
                            ((io.netty.buffer.ByteBufAllocatorMetricProvider) io.netty.buffer.ByteBufAllocator.DEFAULT).metric().usedDirectMemory(),
                            sampler == null ? -1 : sampler.waits(),
                            sampler == null ? 0 : sampler.samples(), window.getValueAtPercentile(50) / 1e6,
                            window.getValueAtPercentile(99) / 1e6, window.getMaxValue() / 1e6, window.getTotalCount());
                }
                case "cameras" -> {
                    // per camera: written:shed:ringFull:allocFail:writerDropped:sheddingNow(1/0)
                    StringBuilder sb = new StringBuilder("cameras");
                    for (int i = 0; i < sups.size(); i++) {
                        CameraStatus st = storage.writer().status("cam" + i);
                        CameraHealth.Shedding sh = sups.get(i).health().shedding();
                        sb.append(' ').append("cam").append(i).append('=').append(st == null ? 0 : st.framesWritten()).append(':')
                                .append(sh.framesShed()).append(':').append(sh.framesRingFull()).append(':').append(sh.allocationFailures())
                                .append(':').append(st == null ? 0 : st.framesDropped()).append(':').append(sh.active() ? 1 : 0);
                    }
                    System.out.println(sb);
                }
                case "flush" -> {
                    // write every fragment the writer holds, so that "written" counts every frame it took
                    long ticket = storage.writer().requestFlush();
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (!storage.writer().flushed(ticket) && System.nanoTime() < deadline) {
                        Thread.sleep(10);
                    }
                    System.out.println(storage.writer().flushed(ticket) ? "flushed" : "flush timed out");
                }
                case "quit" -> {
                    for (CameraSupervisor s : sups) {
                        s.stop().get(5, TimeUnit.SECONDS);
                    }
                    ring.close();
                    storage.close();
                    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
                    // what is still charged after everything stopped is footage memory that was never given back
                    System.out.println("bye memUsed=" + budget.used());
                    System.out.flush();
                    System.exit(0);
                }
                default -> System.out.println("unknown command");
            }
            System.out.flush();
        }
    }
}
