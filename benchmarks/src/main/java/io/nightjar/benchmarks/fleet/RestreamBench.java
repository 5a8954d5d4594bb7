package io.nightjar.benchmarks.fleet;

import io.netty.channel.EventLoopGroup;
import io.nightjar.api.auth.Role;
import io.nightjar.api.auth.UserStore;
import io.nightjar.recorder.testing.GstRtspCamera;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * One camera restreamed to many RTSP readers, by Nightjar ({@code nightjar serve}, recording the
 * camera as well) and by GStreamer's rtsp-server relaying the same camera (a shared
 * {@code rtspsrc ! rtph264depay ! rtph264pay} media), one after the other in the same run: the
 * latency each frame gains between the camera and every reader (p50/p99/max over all frames of all
 * readers), the frames delivered, and each server's CPU (user+sys from /proc).
 *
 * <p>Usage: {@code RestreamBench [--readers 200] [--seconds 30] [--warmup 10] [--target both|nightjar|gstreamer]}
 */
public final class RestreamBench {
    private RestreamBench() {
    }

    record Result(String server, int readers, long playing, long frames, double expectedFrames, Histogram latency, double cores) {
        String format() {
            return String.format(Locale.ROOT, "%s: %d readers (%d playing), frames delivered %d of %.0f (%.1f%%), added latency p50=%.2f "
                            + "p99=%.2f max=%.2f ms (%d samples), server CPU %.2f cores", server, readers, playing, frames, expectedFrames,
                    100.0 * frames / expectedFrames, latency.getValueAtPercentile(50) / 1e6, latency.getValueAtPercentile(99) / 1e6,
                    latency.getMaxValue() / 1e6, latency.getTotalCount(), cores);
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = FleetBench.options(args);
        int readers = Integer.parseInt(o.getOrDefault("readers", "200"));
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "30"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "10"));
        String target = o.getOrDefault("target", "both");
        FleetClip clip = FleetClip.main();
        EventLoopGroup group = io.nightjar.recorder.net.Transports.group(2, "harness");
        try (FleetReplayer camera = new FleetReplayer(group, 0, clip, null, true)) {
            if (!target.equals("gstreamer")) {
                System.out.println(nightjar(group, camera, clip, readers, warmup, seconds).format());
            }
            if (!target.equals("nightjar")) {
                System.out.println(gstreamer(group, camera, clip, readers, warmup, seconds).format());
            }
        } finally {
            group.shutdownGracefully();
        }
        System.exit(0);
    }

    static Result nightjar(EventLoopGroup group, FleetReplayer camera, FleetClip clip, int readers, int warmup, int seconds) throws Exception {
        Path data = Files.createTempDirectory("nightjar-restream-");
        UserStore users = new UserStore(data.resolve(".nightjar").resolve("users.json"));
        users.createUser("bench", "bench-password", Role.admin, Set.of("*"));
        String token = users.createToken("bench", "restream").token();
        int rtspPort = GstRtspCamera.freePort();
        Path config = data.resolve("nightjar.yml");
        Files.writeString(config, "storage:\n  root: " + data + "\n  freeSpaceFloor: 100MB\nserver:\n  bind: 127.0.0.1\n  httpPort: 0\n"
                + "  rtspPort: " + rtspPort + "\ncameras:\n  - id: cam0\n    url: " + camera.url(0, false)
                + "\n    analytics:\n      enabled: false\n");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g", "-cp",
                System.getProperty("java.class.path"), "io.nightjar.api.cli.NightjarCli", "serve", "--config", config.toString())
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Thread drain = new Thread(() -> {
            try {
                String line;
                Pattern streaming = Pattern.compile("cam0: streaming");
                while ((line = out.readLine()) != null) {
                    if (streaming.matcher(line).find()) {
                        System.out.println("nightjar: camera streaming");
                    }
                }
            } catch (java.io.IOException e) {
                // ended
            }
        });
        drain.setDaemon(true);
        drain.start();
        try {
            Thread.sleep(5000);
            return measure("nightjar (recording too)", group, camera, clip, "rtsp://127.0.0.1:" + rtspPort + "/cam0?token=" + token, readers,
                    warmup, seconds, p.pid());
        } finally {
            new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
            p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            p.destroyForcibly();
            FleetBench.deleteTree(data);
        }
    }

    static Result gstreamer(EventLoopGroup group, FleetReplayer camera, FleetClip clip, int readers, int warmup, int seconds) throws Exception {
        String launch = "( rtspsrc location=" + camera.url(0, false) + " protocols=tcp latency=0 ! rtph264depay ! "
                + "rtph264pay name=pay0 pt=96 config-interval=-1 )";
        try (GstRtspCamera relay = GstRtspCamera.builder().launch(launch).shared().path("/relay").start()) {
            Thread.sleep(2000);
            return measure("gstreamer rtsp-server", group, camera, clip, relay.url(), readers, warmup, seconds, relay.pid());
        }
    }

    static Result measure(String name, EventLoopGroup group, FleetReplayer camera, FleetClip clip, String url, int readers, int warmup,
                          int seconds, long pid) throws Exception {
        try (RestreamReaders r = new RestreamReaders(group, url, readers, camera)) {
            Thread.sleep(warmup * 1000L);
            r.latency.getIntervalHistogram();
            long frames0 = r.frames.get();
            double cpu0 = ProcStats.cpuSeconds(pid);
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            double cpu = ProcStats.cpuSeconds(pid) - cpu0;
            Histogram h = r.latency.getIntervalHistogram();
            long frames = r.frames.get() - frames0;
            return new Result(name, readers, r.playing.get(), frames, r.playing.get() * clip.fps() * elapsed, h, cpu / elapsed);
        }
    }

}
