package io.nightjar.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.nightjar.recorder.camera.Backoff;
import io.nightjar.recorder.camera.CameraSource;
import io.nightjar.recorder.camera.CameraSupervisor;
import io.nightjar.recorder.ring.FrameConsumer;
import io.nightjar.recorder.ring.FrameEvent;
import io.nightjar.recorder.ring.FrameRing;
import io.nightjar.recorder.ring.StreamRef;
import io.nightjar.recorder.rtsp.RtspClientOptions;
import io.nightjar.recorder.rtsp.RtspUrl;
import io.nightjar.recorder.testing.GstRtspCamera;
import io.nightjar.recorder.testing.Tools;
import io.nightjar.recorder.time.MicrosClock;
import io.nightjar.storage.index.FileRecord;
import io.nightjar.storage.read.Mp4Exporter;
import io.nightjar.storage.read.Span;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recording a real GStreamer RTSP camera end to end, checked with ffprobe and ffmpeg. */
class RealCameraRecordingIT {
    @TempDir
    Path dir;

    @Test
    void recordsEveryFrameOfARealCameraAndServesItBack() throws Exception {
        AtomicLong delivered = new AtomicLong();
        FrameConsumer counter = new FrameConsumer() {
            @Override
            public String name() {
                return "counter";
            }

            @Override
            public Delivery delivery() {
                return Delivery.LOSSY;
            }

            @Override
            public void onFrame(FrameEvent event, boolean endOfBatch) {
                delivered.incrementAndGet();
            }
        };
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        Storage storage = Storage.open(StorageConfig.defaults(dir));
        FrameRing ring = FrameRing.builder().consumer(storage.writer()).consumer(counter).start();
        try (GstRtspCamera camera = GstRtspCamera.builder().size(1280, 720).fps(25).gop(50).bitrateKbps(2000).start()) {
            CameraSupervisor sup = new CameraSupervisor(new CameraSource(StreamRef.main("gst"), RtspUrl.parse(camera.url()), null,
                    RtspClientOptions.defaults()), group, ring, MicrosClock.SYSTEM, Backoff.standard());
            sup.start();
            Thread.sleep(14_000);
            sup.stop().get(5, TimeUnit.SECONDS);
        }
        ring.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        storage.hasher().awaitIdle(30_000);
        try {
            List<FileRecord> files = storage.index().files().of("gst");
            assertThat(files).hasSize(1);
            Path file = storage.layout().resolve(files.get(0).path());
            Map<String, String> probe = Tools.probeVideo(file);
            assertThat(probe.get("stderr")).isEmpty();
            assertThat(probe.get("width")).isEqualTo("1280");
            assertThat(Long.parseLong(probe.get("nb_read_frames"))).as("every frame delivered by the ring is in the file")
                    .isEqualTo(delivered.get());
            assertThat(delivered.get()).isGreaterThan(250);

            List<Span> spans = storage.spans("gst", 0, Long.MAX_VALUE / 2);
            Span rec = spans.stream().filter(Span::recorded).findFirst().orElseThrow();
            assertThat(rec.durationMicros()).isGreaterThan(10_000_000L);

            Path m3u8 = io.nightjar.storage.testing.LocalHls.write(storage, "gst", rec.startMicros() + 2_300_000,
                    rec.startMicros() + 9_100_000, dir, "range");
            assertThat(Tools.decodeErrors(List.of("-allowed_extensions", "ALL"), m3u8.toString())).isEmpty();

            long t = rec.startMicros() + 2_730_000;
            Path out = dir.resolve("export.mp4");
            Mp4Exporter.Result r = storage.exporter().export("gst", t, t + 10_000_000, out);
            assertThat(Tools.decodeErrors(List.of(), out.toString())).isEmpty();
            Tools.Result frames = Tools.run(60, "ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                    "frame=pts_time", "-of", "csv=p=0", out.toString());
            List<Double> times = new ArrayList<>();
            for (String line : frames.stdout().split("\n")) {
                if (!line.isBlank()) {
                    times.add(Double.parseDouble(line.trim()));
                }
            }
            double duration = Double.parseDouble(Tools.probeVideo(out).get("duration"));
            assertThat(duration).as("duration within one frame of 10 s").isBetween(9.96, 10.04);
            double first = times.stream().filter(x -> x >= -1e-6).findFirst().orElseThrow();
            assertThat(first).as("first presented frame at the requested instant").isBetween(0.0, 0.04);
            assertThat(r.plan().firstSampleMicros()).isLessThanOrEqualTo(t);
        } finally {
            storage.close();
        }
    }
}
