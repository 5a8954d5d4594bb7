package io.nightjar.recorder.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs one coverage-guided fuzz target under Jazzer's own driver, in a JVM of its own (libFuzzer
 * keeps global state: one target per process), for a bounded time.
 *
 * <p>A target is a class with {@code public static void fuzzerTestOneInput(byte[])} or
 * {@code (FuzzedDataProvider)}, named {@code *Fuzz}, beside the code it exercises. Anything it
 * throws is a finding: targets catch only the exceptions their parser declares for bad input
 * (and check their own invariants), so a finding is a real defect.
 *
 * <p>Per target, under {@code target/fuzz/<Target>/}: {@code corpus/} (what coverage found,
 * kept between runs of the same checkout), {@code findings/} (a crashing input and a Java
 * reproducer) and {@code output.log}. Committed seeds, if any, are read from
 * {@code src/test/resources/fuzz/<Target>/}. Seconds per target: {@value #SECONDS_PROPERTY}
 * (default {@value #DEFAULT_SECONDS}); {@code ./fuzz} runs them longer.
 */
public final class Fuzzing {
    public static final String SECONDS_PROPERTY = "nightjar.fuzz.seconds";
    /**
     * libFuzzer's random seed: fixed (1) in the suite, so that a run from the committed seeds tries
     * the same inputs in the same order on every machine (a longer run covers a shorter one: what
     * {@code ./fuzz} explored without a finding cannot fail the suite later); 0 for a new one each
     * run ({@code ./fuzz} explores).
     */
    public static final String SEED_PROPERTY = "nightjar.fuzz.seed";
    public static final int DEFAULT_SECONDS = 20;
    private static final Pattern RUNS = Pattern.compile("Done (\\d+) runs in");
    private static final Pattern COVERAGE = Pattern.compile("cov: (\\d+) ft: (\\d+)");

    /** How one run ended. */
    public record Result(String target, int exitCode, long runs, long coverage, Path finding, Path log, String tail) {
        /** For an assertion message: what was found and where its input and reproducer are. */
        public String summary() {
            return target + ": exit " + exitCode + ", " + runs + " runs, coverage " + coverage
                    + (finding == null ? "" : ", finding " + finding) + ", log " + log.toAbsolutePath() + "\n" + tail;
        }
    }

    private Fuzzing() {
    }

    /** Seconds per target for this run. */
    public static int seconds() {
        return Integer.getInteger(SECONDS_PROPERTY, DEFAULT_SECONDS);
    }

    /** Fuzzes {@code target} for {@code seconds} and waits for it (plus a minute for start and stop). */
    public static Result run(Class<?> target, int seconds) throws IOException, InterruptedException {
        String name = target.getSimpleName();
        Path work = Path.of("target", "fuzz", name).toAbsolutePath();
        Path corpus = Files.createDirectories(work.resolve("corpus"));
        Path findings = Files.createDirectories(work.resolve("findings"));
        try (Stream<Path> old = Files.list(findings)) {
            for (Path f : old.toList()) {
                Files.delete(f); // an earlier run's findings are not this run's
            }
        }
        Path log = work.resolve("output.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g", "-XX:+UseSerialGC", "-Dio.netty.leakDetection.level=paranoid",
                "-cp", System.getProperty("java.class.path"), "com.code_intelligence.jazzer.Jazzer",
                "--target_class=" + target.getName(),
                "--instrumentation_includes=io.nightjar.**:io.netty.handler.codec.**",
                "--reproducer_path=" + findings,
                "-max_total_time=" + seconds,
                "-seed=" + Integer.getInteger(SEED_PROPERTY, 1),
                "-timeout=10",
                "-rss_limit_mb=2048",
                "-print_final_stats=1",
                "-artifact_prefix=" + findings + "/",
                corpus.toString()));
        Path seeds = Path.of("src", "test", "resources", "fuzz", name);
        if (Files.isDirectory(seeds)) {
            cmd.add(seeds.toAbsolutePath().toString());
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            return new Result(name, -1, 0, 0, null, log, "did not stop within " + (seconds + 60) + " s\n" + tail(log));
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        long runs = last(RUNS, out, 1);
        long coverage = last(COVERAGE, out, 1);
        return new Result(name, p.exitValue(), runs, coverage, finding(findings), log, tail(log));
    }

    private static long last(Pattern pattern, String text, int group) {
        Matcher m = pattern.matcher(text);
        long v = 0;
        while (m.find()) {
            v = Long.parseLong(m.group(group));
        }
        return v;
    }

    private static Path finding(Path findings) throws IOException {
        try (Stream<Path> files = Files.list(findings)) {
            return files.filter(f -> {
                String n = f.getFileName().toString();
                return n.startsWith("crash-") || n.startsWith("timeout-") || n.startsWith("oom-") || n.startsWith("leak-");
            }).findFirst().orElse(null);
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
