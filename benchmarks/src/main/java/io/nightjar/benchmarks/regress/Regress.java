package io.nightjar.benchmarks.regress;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Re-runs the headline figures and compares them with BENCHMARKS.md (see the package
 * documentation). Usage: {@code benchmarks/regress [--only fleet,ramp,restream,jmh] [--quick]
 * [--no-write] [--tolerance 0.15]}. Each step runs in its own processes, one after the other, on
 * an otherwise idle machine; the output of each is shown as it runs. Exit status 1 when a figure
 * got worse than the tolerance (default 15 %, the noise of this 2-core VM).
 */
public final class Regress {
    private Regress() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                o.put(args[i].substring(2), i + 1 < args.length && !args[i + 1].startsWith("--") ? args[++i] : "true");
            }
        }
        Path doc = Path.of(o.getOrDefault("benchmarks", "BENCHMARKS.md"));
        Set<String> only = Set.of(o.getOrDefault("only", "fleet,ramp,restream,jmh").split(","));
        boolean quick = o.containsKey("quick");
        double tolerance = Double.parseDouble(o.getOrDefault("tolerance", "0.15"));
        String seconds = quick ? "30" : "60";
        String warmup = quick ? "10" : "20";
        List<Figure> figures = new ArrayList<>();
        if (only.contains("fleet")) {
            for (String n : List.of("50", "200", "400")) {
                figures.addAll(run(List.of("fleet", "--cameras", n, "--seconds", seconds, "--warmup", warmup), FigureParser::fleet));
            }
        }
        if (only.contains("ramp")) {
            figures.addAll(run(List.of("fleet", "--ramp", "200,300,400,500,600", "--seconds", seconds, "--warmup", warmup), FigureParser::ramp));
        }
        if (only.contains("restream")) {
            figures.addAll(run(List.of("restream", "--readers", "200", "--seconds", quick ? "20" : "30", "--warmup", "10", "--target", "nightjar"),
                    FigureParser::restream));
        }
        if (only.contains("jmh")) {
            Path csv = Path.of("benchmarks", "target", "regress-jmh.csv");
            run(List.of("jmh", "IngestPathBenchmark.rtpToRing|WritePathBenchmark.gop", "-prof", "gc", "-f", "1", "-wi", "3", "-i", "5",
                    "-rf", "csv", "-rff", csv.toString()), (l, c) -> List.of());
            figures.addAll(FigureParser.jmhCsv(Files.readAllLines(csv), "benchmarks/run-jmh.sh 'IngestPathBenchmark.rtpToRing|WritePathBenchmark.gop' -prof gc -f 1 -wi 3 -i 5"));
        }
        String document = Files.exists(doc) ? Files.readString(doc) : "";
        Map<String, Double> previous = HeadTable.read(document);
        List<String> table = HeadTable.compare(previous, figures, tolerance);
        System.out.println();
        table.forEach(System.out::println);
        if (!o.containsKey("no-write") && !figures.isEmpty()) {
            String heading = "Refreshed by `benchmarks/regress` on " + LocalDate.now() + " at commit " + git("rev-parse", "--short", "HEAD")
                    + (quick ? " (--quick: 30 s windows)" : "") + ", " + Runtime.getRuntime().availableProcessors() + " cores, "
                    + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ".";
            Files.writeString(doc, HeadTable.write(document, previous, figures, heading));
            System.out.println("\nupdated the \"current at HEAD\" table in " + doc);
        }
        System.exit(table.stream().anyMatch(l -> l.endsWith("<< worse")) ? 1 : 0);
    }

    /** Runs one harness command ({@code fleet}, {@code restream} or {@code jmh}), echoing its output, and parses it. */
    private static List<Figure> run(List<String> command, BiFunction<List<String>, String, List<Figure>> parse)
            throws IOException, InterruptedException {
        String shown = (command.get(0).equals("jmh") ? "benchmarks/run-jmh.sh " : "benchmarks/nightjar-bench ") + String.join(" ",
                command.get(0).equals("jmh") ? command.subList(1, command.size()) : command);
        System.out.println("== " + shown);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx3g", "-cp", System.getProperty("java.class.path")));
        switch (command.get(0)) {
            case "fleet" -> cmd.add("io.nightjar.benchmarks.fleet.FleetBench");
            case "restream" -> cmd.add("io.nightjar.benchmarks.fleet.RestreamBench");
            case "jmh" -> cmd.add("org.openjdk.jmh.Main");
            default -> throw new IllegalArgumentException(command.get(0));
        }
        cmd.addAll(command.get(0).equals("jmh") ? command.subList(1, command.size()) : command.subList(1, command.size()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.startsWith("SLF4J")) {
                    System.out.println("   " + line);
                }
                lines.add(line);
            }
        }
        if (p.waitFor() != 0) {
            System.out.println("!! " + shown + " failed with exit status " + p.exitValue() + "; its figures are left as they were");
            return List.of();
        }
        List<Figure> figures = parse.apply(lines, shown);
        if (figures.isEmpty() && !command.get(0).equals("jmh")) {
            System.out.println("!! " + shown + " printed no figure this tool can read; its figures are left as they were");
        }
        return figures;
    }

    private static String git(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return p.waitFor() == 0 ? out : "unknown";
    }
}
