package io.nightjar.recorder.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real command-line tools the tests check against (ffmpeg, ffprobe). A missing tool is a
 * failure that says how to install it, never a skip.
 */
public final class Tools {
    private Tools() {
    }

    /** Result of a finished command. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    public static Result run(long timeoutSeconds, String... command) {
        return run(timeoutSeconds, List.of(command));
    }

    public static Result run(long timeoutSeconds, List<String> command) {
        String tool = command.get(0);
        if (!tool.contains("/") && !onPath(tool)) {
            throw new IllegalStateException(tool + " is not installed: run .ci/run's apt-get step (Debian package for "
                    + tool + ")");
        }
        try {
            Process p = new ProcessBuilder(command).start();
            p.getOutputStream().close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread t1 = pump(p.getInputStream(), out);
            Thread t2 = pump(p.getErrorStream(), err);
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
            }
            t1.join();
            t2.join();
            return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream out) {
        Thread t = new Thread(() -> {
            try {
                in.transferTo(out);
            } catch (IOException e) {
                // process ended
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    public static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** ffprobe's view of the first video stream of a file, with frames actually decoded and counted. */
    public static Map<String, String> probeVideo(Path file, String... extraInputOptions) {
        List<String> cmd = new ArrayList<>(List.of("ffprobe", "-v", "error"));
        cmd.addAll(List.of(extraInputOptions));
        cmd.addAll(List.of("-count_frames", "-select_streams", "v:0", "-show_entries",
                "stream=codec_name,width,height,nb_read_frames,profile:format=duration", "-of", "default=nw=1", file.toString()));
        Result r = run(300, cmd);
        if (r.exitCode() != 0) {
            throw new AssertionError("ffprobe failed on " + file + ": " + r.stderr());
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : r.stdout().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.putIfAbsent(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        m.put("stderr", r.stderr());
        return m;
    }

    /** Decodes a whole input with ffmpeg; returns ffmpeg's error output ("" when clean). */
    public static String decodeErrors(List<String> inputOptions, String input) {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error"));
        cmd.addAll(inputOptions);
        cmd.addAll(List.of("-i", input, "-f", "null", "-"));
        Result r = run(600, cmd);
        if (r.exitCode() != 0) {
            return "exit " + r.exitCode() + ": " + r.stderr();
        }
        return r.stderr().trim();
    }
}
