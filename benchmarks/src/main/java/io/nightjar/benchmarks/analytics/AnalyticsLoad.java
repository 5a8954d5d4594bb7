package io.nightjar.benchmarks.analytics;

import io.netty.buffer.Unpooled;
import io.nightjar.analytics.anomaly.ActivityBaseline;
import io.nightjar.analytics.event.AnalyticsEvent;
import io.nightjar.analytics.tap.AnalyticsSettings;
import io.nightjar.analytics.tap.AnalyticsTap;
import io.nightjar.analytics.tap.TapStatus;
import io.nightjar.recorder.media.CodecConfig;
import io.nightjar.recorder.ring.FrameDraft;
import io.nightjar.recorder.ring.FrameRing;
import io.nightjar.recorder.ring.RunStart;
import io.nightjar.recorder.ring.StreamRef;
import io.nightjar.recorder.testing.TestClips;
import io.nightjar.recorder.testing.Tools;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * N cameras at F fps of 640 × 360 H.264 analysed in real time through the real frame ring and the
 * analytics tap: each camera replays a clip in which an object crosses the scene every 10 s
 * (cameras are staggered), so motion events keep opening. Reports event latency (frame arrival
 * to event publication) p50/p95/p99/max, frames analysed and dropped, and process CPU.
 *
 * <p>Usage: {@code java ... AnalyticsLoad [cameras=32] [fps=10] [seconds=60] [threads=2]}
 */
public final class AnalyticsLoad {
    private AnalyticsLoad() {
    }

    public static void main(String[] args) throws Exception {
        int cameras = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        int fps = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        TestClips.Clip clip = walkerClip(fps);
        CodecConfig config = clip.config();
        Recorder latency = new Recorder(3);
        AtomicLong events = new AtomicLong();
        AnalyticsTap tap = new AnalyticsTap(c -> AnalyticsSettings.defaults().withMaxFps(fps),
                AnalyticsTap.standard(e -> {
                    if (e.type().equals(AnalyticsEvent.MOTION) && e.zone() == null && e.open()) {
                        events.incrementAndGet();
                    }
                }, (c, s, g) -> { }, c -> new ActivityBaseline(ZoneOffset.UTC), latency::recordValue), threads);
        FrameRing ring = FrameRing.builder().size(4096).consumer(tap).start();
        StreamRef[] streams = new StreamRef[cameras];
        for (int c = 0; c < cameras; c++) {
            streams[c] = StreamRef.main("cam" + c);
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long frameNanos = 1_000_000_000L / fps;
        long start = System.nanoTime();
        long wall0 = System.currentTimeMillis() * 1000;
        long warmupFrames = 5L * fps; // JIT and decoder warm-up are not measured
        long cpuAtWarm = 0;
        long warmAt = 0;
        long total = (long) seconds * fps;
        for (long f = 0; f < total; f++) {
            if (f == warmupFrames) {
                latency.reset();
                cpuAtWarm = os.getProcessCpuTime();
                warmAt = System.nanoTime();
            }
            for (int c = 0; c < cameras; c++) {
                long slot = start + f * frameNanos + c * frameNanos / cameras;
                long wait = slot - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
                }
                int i = (int) ((f + c * 7L * fps / 10) % clip.size());
                long frameNo = f;
                while (!ring.tryPublish(streams[c], frameNo, new FrameDraft().pts90k(frameNo * 90_000L / fps).wallMicros(wall0 + frameNo * 1_000_000L / fps).arrivalNanos(System.nanoTime()).key(clip.keys().get(i) || f == 0)
                    .runStart(RunStart.when(f == 0)).config(config).payload(Unpooled.wrappedBuffer(clip.accessUnits().get(i)), null))) {
                    Thread.onSpinWait();
                }
            }
        }
        long cpu = os.getProcessCpuTime() - cpuAtWarm;
        long elapsed = System.nanoTime() - warmAt;
        Thread.sleep(1000);
        ring.close();
        long analysed = 0;
        long dropped = 0;
        long received = 0;
        for (TapStatus s : tap.status()) {
            analysed += s.analysed();
            dropped += s.dropped();
            received += s.received();
        }
        tap.close();
        Histogram h = latency.getIntervalHistogram();
        System.out.printf("cameras=%d fps=%d seconds=%d threads=%d cores=%d%n", cameras, fps, seconds, threads,
                Runtime.getRuntime().availableProcessors());
        System.out.printf("frames received=%d analysed=%d dropped=%d (%.2f%%)%n", received, analysed, dropped, 100.0 * dropped / received);
        System.out.printf("motion events opened=%d; event latency (arrival -> publication, after %d s warm-up): "
                        + "p50=%.1f ms p95=%.1f ms p99=%.1f ms max=%.1f ms (%d events)%n",
                events.get(), warmupFrames / fps, h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(95) / 1e6,
                h.getValueAtPercentile(99) / 1e6, h.getMaxValue() / 1e6, h.getTotalCount());
        System.out.printf("process CPU: %.1f%% of one core (%.2f cores), %.2f%% of a core per camera%n", 100.0 * cpu / elapsed,
                (double) cpu / elapsed, 100.0 * cpu / elapsed / cameras);
    }

    /** 10 s of a static scene in which a white object crosses from 2 s to 6 s. */
    static TestClips.Clip walkerClip(int fps) throws Exception {
        Path png = Files.createTempFile("scene", ".png");
        png.toFile().deleteOnExit();
        Tools.Result r = Tools.run(60, "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                "testsrc2=s=640x360:d=1,noise=alls=20:allf=u", "-frames:v", "1", png.toString());
        if (r.exitCode() != 0) {
            throw new IllegalStateException(r.stderr());
        }
        String graph = "movie=" + png + ",loop=loop=-1:size=1:start=0,setpts=N/(" + fps + "*TB),noise=alls=5:allf=t[bg];"
                + "color=c=white:s=50x60:r=" + fps + "[box];[bg][box]overlay=x='60*(t-2)':y=150:enable='between(t,2,6)':shortest=1";
        return TestClips.make("h264", 640, 360, fps, 2 * fps, 10, graph);
    }
}
