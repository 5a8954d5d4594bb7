package io.nightjar.api.cli;

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
import io.nightjar.storage.StorageException;
import io.nightjar.storage.retention.RetentionPolicy;
import io.nightjar.storage.writer.WriterSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nightjar record}: records cameras to a data directory, nothing else (no API, no analytics). */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = {"Record cameras into a data directory until stopped (Ctrl-C closes files cleanly).",
                "A minimal recorder: no HTTP API, no analytics. Use 'serve' for the full server."})
final class RecordCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, description = "the data directory")
    Path data;

    @Option(names = "--camera", required = true, paramLabel = "ID=URL",
            description = "a camera to record, e.g. front-door=rtsp://user:pass@10.0.0.5/stream1 (repeatable)")
    Map<String, String> cameras;

    @Option(names = "--transport", defaultValue = "tcp", description = "tcp (interleaved) or udp")
    RtspClientOptions.Transport transport;

    @Option(names = "--segment-minutes", defaultValue = "5", description = "minutes per segment file (default ${DEFAULT-VALUE})")
    int segmentMinutes;

    @Option(names = "--status-seconds", defaultValue = "0", description = "print each camera's status this often (0: never)")
    int statusSeconds;

    @Override
    public Integer call() throws Exception {
        List<CameraSource> sources = new ArrayList<>();
        try {
            for (Map.Entry<String, String> e : cameras.entrySet()) {
                sources.add(new CameraSource(StreamRef.main(e.getKey()), RtspUrl.parse(e.getValue()), null,
                        RtspClientOptions.defaults().withTransport(transport)));
            }
        } catch (IllegalArgumentException e) {
            System.out.println("record: " + e.getMessage());
            return 2;
        }
        Storage storage;
        try {
            storage = Storage.open(StorageConfig.defaults(data).withWriter(WriterSettings.defaults().withSegmentMinutes(segmentMinutes))
                    .withRetention(RetentionPolicy::unlimited, 0));
        } catch (StorageException | IllegalArgumentException e) {
            System.out.println("record: " + e.getMessage());
            return 2;
        }
        for (String a : storage.recoveryActions()) {
            System.out.println("recovered: " + a);
        }
        FrameRing ring = FrameRing.builder().consumer(storage.writer()).start();
        EventLoopGroup group = io.nightjar.recorder.net.Transports.group(Math.max(1, Runtime.getRuntime().availableProcessors()), "io");
        List<CameraSupervisor> supervisors = new ArrayList<>();
        for (CameraSource s : sources) {
            CameraSupervisor sup = new CameraSupervisor(s, group, ring, MicrosClock.SYSTEM, Backoff.standard());
            supervisors.add(sup);
            sup.start();
        }
        System.out.println("recording " + sources.size() + " camera(s) into " + storage.layout().root());
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            for (CameraSupervisor sup : supervisors) {
                try {
                    sup.stop().get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // stopping anyway
                }
            }
            ring.close();
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            storage.close();
            System.out.println("stopped; files closed");
            stopped.countDown();
        }, "nightjar-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        while (stopped.getCount() > 0) {
            if (statusSeconds > 0) {
                for (CameraSupervisor sup : supervisors) {
                    var h = sup.health();
                    var w = storage.writer().status(sup.source().stream().cameraId());
                    System.out.printf("%s %s fps=%.1f frames=%d written=%d indexedUntil=%d%n", h.stream(), h.state(), h.fps(), h.frames(),
                            w == null ? 0 : w.framesWritten(), w == null ? 0 : w.indexedUntilMicros());
                }
                System.out.flush();
                stopped.await(statusSeconds, TimeUnit.SECONDS);
            } else {
                stopped.await();
            }
        }
        return 0;
    }
}
