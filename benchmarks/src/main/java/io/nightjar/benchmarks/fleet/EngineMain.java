package io.nightjar.benchmarks.fleet;

import io.netty.channel.EventLoopGroup;
import io.nightjar.recorder.camera.Backoff;
import io.nightjar.recorder.camera.CameraSource;
import io.nightjar.recorder.camera.CameraSupervisor;
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
 * quota for long runs, default none).
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
        RetentionPolicy policy = maxBytes > 0 ? new RetentionPolicy(0, 0, java.util.Map.of(), maxBytes, 0) : RetentionPolicy.unlimited();
        Storage storage = Storage.open(StorageConfig.defaults(data).withRetention(() -> policy, maxBytes > 0 ? 10_000 : 0)
                .withWriter(io.nightjar.storage.writer.WriterSettings.defaults().withFsyncIntervalMillis(fsync).withDirectIo(directIo))
                .withLatency(nanos -> latency.recordValue(Math.min(nanos, 60_000_000_000L))));
        FrameRing ring = FrameRing.builder().size(16384).consumer(storage.writer()).start();
        EventLoopGroup group = io.nightjar.recorder.net.Transports.group(Runtime.getRuntime().availableProcessors(), "io");
        List<CameraSupervisor> sups = new ArrayList<>();
        for (int i = 0; i < cameras; i++) {
            CameraSupervisor s = new CameraSupervisor(new CameraSource(StreamRef.main("cam" + i), RtspUrl.parse(prefix + i), null,
                    RtspClientOptions.defaults().withTransport(transport)), group, ring, MicrosClock.SYSTEM, Backoff.standard());
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
                    System.out.printf("streaming=%d written=%d bytes=%d writerDropped=%d packetsLost=%d ringStalls=%d ringOccupancy=%d "
                                    + "ringRejected=%d p50=%.1f p99=%.1f max=%.1f samples=%d%n", streaming, written, bytes, dropped, lost,
                            stalls, ring.occupancy(), ring.rejectedFull(), window.getValueAtPercentile(50) / 1e6,
                            window.getValueAtPercentile(99) / 1e6, window.getMaxValue() / 1e6, window.getTotalCount());
                }
                case "quit" -> {
                    for (CameraSupervisor s : sups) {
                        s.stop().get(5, TimeUnit.SECONDS);
                    }
                    ring.close();
                    storage.close();
                    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
                    System.out.println("bye");
                    System.exit(0);
                }
                default -> System.out.println("unknown command");
            }
            System.out.flush();
        }
    }
}
