package io.nightjar.benchmarks.analytics;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.nightjar.analytics.anomaly.ActivityBaseline;
import io.nightjar.analytics.tap.AnalyticsSettings;
import io.nightjar.analytics.tap.AnalyticsTap;
import io.nightjar.analytics.tap.TapStatus;
import io.nightjar.recorder.camera.Backoff;
import io.nightjar.recorder.camera.CameraSource;
import io.nightjar.recorder.camera.CameraSupervisor;
import io.nightjar.recorder.ring.FrameRing;
import io.nightjar.recorder.ring.StreamRef;
import io.nightjar.recorder.rtsp.RtspClientOptions;
import io.nightjar.recorder.rtsp.RtspUrl;
import io.nightjar.recorder.time.MicrosClock;
import java.lang.management.ManagementFactory;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Nightjar's side of the comparison with the motion daemon: pulls the given RTSP cameras and
 * analyses every frame (motion, light, tamper), nothing else, and prints the process CPU per
 * camera over the measurement window (after a warm-up).
 *
 * <p>Usage: {@code AnalyticsOverRtsp <warmupSeconds> <seconds> <rtsp-url>...}
 */
public final class AnalyticsOverRtsp {
    private AnalyticsOverRtsp() {
    }

    public static void main(String[] args) throws Exception {
        int warmup = Integer.parseInt(args[0]);
        int seconds = Integer.parseInt(args[1]);
        AtomicLong events = new AtomicLong();
        AnalyticsTap tap = new AnalyticsTap(c -> AnalyticsSettings.defaults().withMaxFps(0),
                AnalyticsTap.standard(e -> events.incrementAndGet(), (c, s, g) -> { }, c -> new ActivityBaseline(ZoneOffset.UTC), n -> { }),
                2);
        FrameRing ring = FrameRing.builder().consumer(tap).start();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        List<CameraSupervisor> sups = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            CameraSupervisor s = new CameraSupervisor(new CameraSource(StreamRef.main("cam" + i), RtspUrl.parse(args[i]), null,
                    RtspClientOptions.defaults()), group, ring, MicrosClock.SYSTEM, Backoff.standard());
            sups.add(s);
            s.start();
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Thread.sleep(warmup * 1000L);
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long cpu = os.getProcessCpuTime() - cpu0;
        long elapsed = System.nanoTime() - t0;
        long analysed = 0;
        long dropped = 0;
        for (TapStatus st : tap.status()) {
            analysed += st.analysed();
            dropped += st.dropped();
        }
        int n = sups.size();
        System.out.printf("nightjar: %d cameras, %.1f%% of a core in all, %.2f%% per camera (frames analysed %d, dropped %d, events %d)%n",
                n, 100.0 * cpu / elapsed, 100.0 * cpu / elapsed / n, analysed, dropped, events.get());
        for (CameraSupervisor s : sups) {
            s.stop().get(5, TimeUnit.SECONDS);
        }
        ring.close();
        tap.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        System.exit(0);
    }
}
