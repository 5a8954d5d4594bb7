package io.nightjar.benchmarks.fleet;

import io.netty.channel.EventLoopGroup;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code nightjar-bench fleet}: N simulated 1080p/4 Mbit/s/25 fps cameras (the replayer, in this
 * process) recorded by the engine (its own process); reports frames sent vs recorded, engine CPU
 * (user+sys from /proc), RSS at the start and end of the window, ring occupancy, arrival-to-indexed
 * latency p50/p99/max and bytes written. {@code --ramp 50,100,...} runs each size in turn and
 * reports the largest with zero loss. {@code --ffmpeg} adds, in the same run and against the same
 * replayer, one {@code ffmpeg -c copy -f segment} recorder per camera (Frigate's recording method)
 * and prints the CPU ratio.
 *
 * <p>Usage: {@code FleetBench --cameras N --seconds S [--warmup W] [--ramp N1,N2,...] [--strict] [--ffmpeg] [--udp] [--heap 1g]
 * [--direct 1g]}. The ramp's "zero loss" is in the steady-state window after the warm-up (exact: the
 * engine's drop counters plus frames blocked at the camera); {@code --strict} asks it of the whole
 * run, start-up included. Both figures are printed for every size.
 * ({@code --udp}: the engine pulls the cameras over RTP/UDP instead of TCP interleaved)
 */
public final class FleetBench {
    private FleetBench() {
    }

    record Result(int cameras, long sent, long written, long blocked, double cpuSeconds, double userSeconds, double seconds,
                  long rssStart, long rssEnd, long maxOccupancy, String latency, long bytes, long packetsLost, Drops drops,
                  long windowDrops) {
        long loss() {
            return Math.max(0, sent - written) + blocked;
        }

        /** Frames lost that no counter explains (should be 0: every drop is counted where it happens). */
        long unattributed() {
            return sent - written - drops.total();
        }

        double cpuPerCamera() {
            return cpuSeconds / seconds / cameras;
        }

        String format() {
            return String.format(Locale.ROOT, "cameras=%d sent=%d recorded=%d lost=%d (blocked at the camera %d, RTP packets lost %d) "
                            + "cpu=%.2f cores (%.4f per camera; user only %.4f) rss=%d MiB -> %d MiB (%+.1f%%) ringMax=%d %s written=%.1f MB/s",
                    cameras, sent, written, loss(), blocked, packetsLost, cpuSeconds / seconds, cpuPerCamera(), userSeconds / seconds / cameras,
                    rssStart >> 20, rssEnd >> 20,
                    rssStart == 0 ? 0 : 100.0 * (rssEnd - rssStart) / rssStart, maxOccupancy, latency, bytes / seconds / 1e6)
                    + String.format(Locale.ROOT, " steady-state window: %d dropped", windowDrops)
                    + (loss() == 0 ? "" : String.format(Locale.ROOT, " dropped: %s, unattributed %d", drops, unattributed()));
        }
    }

    /** Where the engine dropped frames, by reason (totals since the engine started). */
    record Drops(long shedForMemory, long ringFull, long allocationFailures, long writer, long memHighWater, long memLimit) {
        static Drops of(Map<String, String> stats) {
            return new Drops(Long.parseLong(stats.get("shed")), Long.parseLong(stats.get("ringFull")), Long.parseLong(stats.get("allocFail")),
                    Long.parseLong(stats.get("writerDropped")), Long.parseLong(stats.get("memHigh")), Long.parseLong(stats.get("memLimit")));
        }

        long total() {
            return shedForMemory + ringFull + allocationFailures + writer;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "shed for memory %d, ring full %d, allocation refused %d, by the writer %d (memory high water %d of %d MiB)",
                    shedForMemory, ringFull, allocationFailures, writer, memHighWater >> 20, memLimit >> 20);
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "60"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "15"));
        String heap = o.getOrDefault("heap", "1g");
        String direct = o.getOrDefault("direct", heap);
        udp = o.containsKey("udp");
        List<Integer> sizes = new ArrayList<>();
        if (o.containsKey("ramp")) {
            for (String s : o.get("ramp").split(",")) {
                sizes.add(Integer.parseInt(s.trim()));
            }
        } else {
            sizes.add(Integer.parseInt(o.getOrDefault("cameras", "50")));
        }
        System.out.println("encoding the fleet clip (cached after the first run)...");
        FleetClip clip = FleetClip.main();
        System.out.printf(Locale.ROOT, "clip: %dx%d %d fps, %d frames, %.2f Mbit/s%n", clip.width(), clip.height(), clip.fps(),
                clip.frames().size(), clip.bytes() * 8.0 / (clip.frames().size() / (double) clip.fps()) / 1e6);
        EventLoopGroup group = io.nightjar.recorder.net.Transports.group(Math.max(2, Runtime.getRuntime().availableProcessors() / 2), "replayer");
        int largestClean = 0;
        try (FleetReplayer replayer = new FleetReplayer(group, 0, clip, null, false)) {
            for (int n : sizes) {
                Result r = runEngine(replayer, n, warmup, seconds, heap, direct);
                System.out.println("nightjar: " + r.format());
                // --strict: zero loss over the whole run, start-up included; else in the steady-state window
                if (o.containsKey("strict") ? r.loss() == 0 : r.windowDrops() == 0) {
                    largestClean = Math.max(largestClean, n);
                } else if (o.containsKey("ramp")) {
                    System.out.println("loss at " + n + " cameras: stopping the ramp");
                    break;
                }
                if (o.containsKey("ffmpeg")) {
                    double ffmpegPerCamera = runFfmpeg(replayer, n, warmup, seconds);
                    System.out.printf(Locale.ROOT, "ffmpeg segment recorders: %.4f cores per camera; Nightjar/ffmpeg = %.3f (%.1fx less CPU)%n",
                            ffmpegPerCamera, r.cpuPerCamera() / ffmpegPerCamera, ffmpegPerCamera / r.cpuPerCamera());
                }
            }
        } finally {
            group.shutdownGracefully();
        }
        if (o.containsKey("ramp")) {
            System.out.println("largest fleet recorded with zero loss: " + largestClean + " cameras"
                    + (o.containsKey("strict") ? " (whole run, start-up included)" : " (in the steady-state window after the warm-up)"));
        }
        System.exit(0);
    }

    static boolean udp;

    static Result runEngine(FleetReplayer replayer, int n, int warmup, int seconds, String heap, String direct) throws Exception {
        Path data = Files.createTempDirectory("nightjar-fleet-");
        String cp = System.getProperty("java.class.path");
        // A server's JVM, as the nightjar launcher starts it: heap sized and touched at start (so RSS shows real growth),
        // direct memory explicit, Netty's cleaner-free buffers (allocation at the limit fails at once instead of sleeping).
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms" + heap, "-Xmx" + heap,
                "-XX:+AlwaysPreTouch", "-XX:+UseG1GC", "-XX:MaxDirectMemorySize=" + direct, "-Dio.netty.tryReflectionSetAccessible=true",
                "--add-opens", "java.base/java.nio=ALL-UNNAMED"));
        String extra = System.getenv("ENGINE_OPTS"); // e.g. a JFR recording: -XX:StartFlightRecording=...
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-cp", cp, EngineMain.class.getName(), data.toString(), replayer.url(0, false).replaceAll("0$", ""),
                String.valueOf(n)));
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().putIfAbsent("MALLOC_ARENA_MAX", "2"); // as the nightjar launcher does
        if (udp) {
            pb.environment().put("TRANSPORT", "udp");
        }
        Process p = pb.start();
        PrintWriter cmd = new PrintWriter(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8), true);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long sentBase = replayer.framesSent();
        long blockedBase = replayer.framesBlocked();
        try {
            long deadline = System.currentTimeMillis() + 120_000;
            Map<String, String> s = stats(cmd, out);
            while (Long.parseLong(s.get("streaming")) < n) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("only " + s.get("streaming") + " of " + n + " cameras streaming after 120 s");
                }
                Thread.sleep(1000);
                s = stats(cmd, out);
                verbose(s);
            }
            for (int i = 0; i < warmup; i++) {
                Thread.sleep(1000);
                if (System.getenv("FLEET_VERBOSE") != null) {
                    verbose(stats(cmd, out));
                }
            }
            cmd.println("reset");
            answer(out, "ok");
            long drops0 = Drops.of(stats(cmd, out)).total();
            long blocked0 = replayer.framesBlocked();
            double cpu0 = ProcStats.cpuSeconds(p.pid());
            double user0 = ProcStats.userSeconds(p.pid());
            long rss0 = ProcStats.rssBytes(p.pid());
            long bytes0 = Long.parseLong(stats(cmd, out).get("bytes"));
            long t0 = System.nanoTime();
            long maxOcc = 0;
            long maxDirect = 0;
            for (int i = 0; i < seconds; i++) {
                Thread.sleep(1000);
                if (i % 5 == 4) {
                    Map<String, String> st = stats(cmd, out);
                    verbose(st);
                    maxOcc = Math.max(maxOcc, Long.parseLong(st.get("ringOccupancy")));
                    maxDirect = Math.max(maxDirect, Long.parseLong(st.get("nettyDirect")));
                }
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            double cpu = ProcStats.cpuSeconds(p.pid()) - cpu0;
            double user = ProcStats.userSeconds(p.pid()) - user0;
            long rss1 = ProcStats.rssBytes(p.pid());
            Map<String, String> end = stats(cmd, out);
            long windowDrops = Drops.of(end).total() - drops0 + replayer.framesBlocked() - blocked0;
            replayer.pause(true);
            Map<String, String> fin = drain(cmd, out);
            long sent = replayer.framesSent() - sentBase;
            long blocked = replayer.framesBlocked() - blockedBase;
            String latency = String.format(Locale.ROOT, "latency p50=%s p99=%s max=%s ms memory high %d MiB (budget %d MiB, Netty direct max %d MiB)",
                    end.get("p50"), end.get("p99"), end.get("max"), Long.parseLong(end.get("memHigh")) >> 20,
                    Long.parseLong(end.get("memLimit")) >> 20, maxDirect >> 20);
            return new Result(n, sent, Long.parseLong(fin.get("written")), blocked, cpu, user, elapsed, rss0, rss1, maxOcc, latency,
                    Long.parseLong(end.get("bytes")) - bytes0, Long.parseLong(fin.get("packetsLost")), Drops.of(fin), windowDrops);
        } finally {
            cmd.println("quit");
            if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            replayer.pause(false);
            deleteTree(data);
        }
    }

    static double runFfmpeg(FleetReplayer replayer, int n, int warmup, int seconds) throws Exception {
        Path out = Files.createTempDirectory("nightjar-fleet-ffmpeg-");
        List<Process> procs = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                procs.add(new ProcessBuilder("ffmpeg", "-nostdin", "-loglevel", "error", "-rtsp_transport", udp ? "udp" : "tcp", "-i",
                        replayer.url(i, false), "-c", "copy", "-f", "segment", "-segment_time", "60", "-reset_timestamps", "1",
                        out.resolve("cam" + i + "_%03d.mp4").toString()).redirectErrorStream(true)
                        .redirectOutput(out.resolve("cam" + i + ".log").toFile()).start());
            }
            Thread.sleep(warmup * 1000L);
            double cpu0 = 0;
            double user0 = 0;
            for (Process p : procs) {
                cpu0 += ProcStats.cpuSeconds(p.pid());
                user0 += ProcStats.userSeconds(p.pid());
            }
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            double cpu = -cpu0;
            double user = -user0;
            int alive = 0;
            for (Process p : procs) {
                cpu += ProcStats.cpuSeconds(p.pid());
                user += ProcStats.userSeconds(p.pid());
                alive += p.isAlive() ? 1 : 0;
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "ffmpeg: %d recorders (%d alive at the end), %.2f cores (%.4f per camera; user only %.4f)%n", n,
                    alive, cpu / elapsed, cpu / elapsed / n, user / elapsed / n);
            return cpu / elapsed / n;
        } finally {
            for (Process p : procs) {
                p.destroy();
            }
            for (Process p : procs) {
                p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
            deleteTree(out);
        }
    }

    /**
     * End-of-run accounting with the cameras paused: lets the sockets and the ring empty, then has
     * the writer write every fragment it holds, so that "recorded" counts every frame the engine
     * kept and "lost" means lost. Returns the final figures.
     */
    static Map<String, String> drain(PrintWriter cmd, BufferedReader out) throws IOException, InterruptedException {
        Thread.sleep(1000); // what the replayer wrote is read and published
        long deadline = System.currentTimeMillis() + 30_000;
        while (Long.parseLong(stats(cmd, out).get("ringOccupancy")) > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        cmd.println("flush");
        String flushed = answer(out, "flush");
        if (!flushed.equals("flushed")) {
            throw new IOException("the engine did not flush its fragments: " + flushed);
        }
        return stats(cmd, out);
    }

    /** With FLEET_VERBOSE set, prints the engine's figures (the shape of a run: start-up, shedding, recovery). */
    static void verbose(Map<String, String> st) {
        if (System.getenv("FLEET_VERBOSE") != null) {
            System.out.printf(Locale.ROOT, "  %tT streaming=%s written=%s shed=%s shedding=%s ring=%s mem=%d MiB direct=%d MiB writerDropped=%s%n",
                    System.currentTimeMillis(), st.get("streaming"), st.get("written"), st.get("shed"), st.get("shedding"), st.get("ringOccupancy"),
                    Long.parseLong(st.get("memUsed")) >> 20, Long.parseLong(st.get("nettyDirect")) >> 20, st.get("writerDropped"));
        }
    }

    static Map<String, String> stats(PrintWriter cmd, BufferedReader out) throws IOException {
        cmd.println("stats");
        String line = answer(out, "streaming=");
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : line.trim().split(" ")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                m.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return m;
    }

    /** The engine's next answer starting with {@code prefix} (other output, like the JVM's, is skipped). */
    static String answer(BufferedReader out, String prefix) throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new IOException("the engine process ended");
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                String k = args[i].substring(2);
                String v = i + 1 < args.length && !args[i + 1].startsWith("--") ? args[++i] : "true";
                o.put(k, v);
            } else if (!args[i].equals("fleet")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
        }
        return o;
    }

    static void deleteTree(Path p) {
        File[] children = p.toFile().listFiles();
        if (children != null) {
            for (File c : children) {
                deleteTree(c.toPath());
            }
        }
        p.toFile().delete();
    }
}
