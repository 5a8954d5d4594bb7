package io.nightjar.benchmarks.regress;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads figures out of the harness's and JMH's own output lines (their formats are this project's). */
final class FigureParser {
    private static final Pattern FLEET = Pattern.compile(
            "^nightjar: cameras=(\\d+) sent=(\\d+) recorded=(\\d+) lost=(\\d+) .*?cpu=([\\d.]+) cores \\(([\\d.]+) per camera.*?"
                    + "latency p50=([\\d.]+) p99=([\\d.]+) .*?written=([\\d.]+) MB/s");
    private static final Pattern WINDOW = Pattern.compile("steady-state window: (\\d+) dropped");
    private static final Pattern RAMP = Pattern.compile("^largest fleet recorded with zero loss: (\\d+) cameras");
    private static final Pattern RESTREAM = Pattern.compile(
            "^nightjar[^:]*: (\\d+) readers \\((\\d+) playing\\), frames delivered \\d+ of \\d+ \\(([\\d.]+)%\\), added latency p50=([\\d.]+) "
                    + "p99=([\\d.]+) .*server CPU ([\\d.]+) cores");
    /** JMH's CSV result: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit",... */
    private static final Pattern JMH_CSV = Pattern.compile("^\"([^\"]+)\",\"(\\w+)\",\\d+,\\d+,([\\d.eE+-]+),([\\d.eE+-]+|NaN),\"([^\"]+)\"(.*)$");

    private FigureParser() {
    }

    /** Figures of one {@code nightjar-bench fleet --cameras N} run, keyed {@code fleetN.*}. */
    static List<Figure> fleet(List<String> lines, String command) {
        List<Figure> out = new ArrayList<>();
        for (String line : lines) {
            Matcher m = FLEET.matcher(line);
            if (m.find()) {
                String k = "fleet" + m.group(1);
                long sent = Long.parseLong(m.group(2));
                out.add(new Figure(k + ".lostPercent", sent == 0 ? 0 : 100.0 * Long.parseLong(m.group(4)) / sent, "% of frames sent", false, command));
                out.add(new Figure(k + ".cores", Double.parseDouble(m.group(5)), "engine cores", false, command));
                out.add(new Figure(k + ".cpuPerCamera", Double.parseDouble(m.group(6)), "cores per camera", false, command));
                out.add(new Figure(k + ".latencyP99", Double.parseDouble(m.group(8)), "ms arrival to indexed", false, command));
                out.add(new Figure(k + ".written", Double.parseDouble(m.group(9)), "MB/s written", true, command));
                Matcher w = WINDOW.matcher(line);
                if (w.find()) {
                    out.add(new Figure(k + ".steadyStateDrops", Double.parseDouble(w.group(1)), "frames dropped after the warm-up", false,
                            command));
                }
            }
        }
        return out;
    }

    static List<Figure> ramp(List<String> lines, String command) {
        List<Figure> out = new ArrayList<>();
        for (String line : lines) {
            Matcher m = RAMP.matcher(line);
            if (m.find()) {
                out.add(new Figure("ramp.largestZeroLoss", Double.parseDouble(m.group(1)), "cameras", true, command));
            }
        }
        return out;
    }

    static List<Figure> restream(List<String> lines, String command) {
        List<Figure> out = new ArrayList<>();
        for (String line : lines) {
            Matcher m = RESTREAM.matcher(line);
            if (m.find()) {
                out.add(new Figure("restream.delivered", Double.parseDouble(m.group(3)), "% of frames", true, command));
                out.add(new Figure("restream.latencyP99", Double.parseDouble(m.group(5)), "ms added", false, command));
                out.add(new Figure("restream.cores", Double.parseDouble(m.group(6)), "server cores", false, command));
            }
        }
        return out;
    }

    /** JMH results written with {@code -rf csv}; the key is the benchmark's simple class and method name. */
    static List<Figure> jmhCsv(List<String> lines, String command) {
        List<Figure> out = new ArrayList<>();
        String[] header = lines.isEmpty() ? new String[0] : lines.get(0).split(",");
        for (String line : lines) {
            Matcher m = JMH_CSV.matcher(line);
            if (!m.find()) {
                continue;
            }
            String name = m.group(1);
            double score = Double.parseDouble(m.group(3));
            String params = params(header, m.group(6));
            if (!name.contains(":")) {
                out.add(new Figure("jmh." + simpleName(name) + params, score, m.group(5), m.group(2).equals("thrpt"), command));
            } else if (name.endsWith(":gc.alloc.rate.norm")) { // the gc profiler's bytes per operation
                out.add(new Figure("jmh." + simpleName(name.substring(0, name.indexOf(':'))) + params + ".alloc", score, m.group(5), false,
                        command));
            }
        }
        return out;
    }

    /** The benchmark's parameters that are set on this row, as {@code [name=value,...]}, or "". */
    private static String params(String[] header, String rest) {
        String[] values = rest.split(",", -1); // rest starts with the comma after the unit
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < values.length && 6 + i < header.length; i++) {
            String v = values[i].replace("\"", "").trim();
            if (!v.isEmpty()) {
                String h = header[6 + i].replace("\"", "").replace("Param: ", "").trim();
                sb.append(sb.length() == 0 ? "[" : ",").append(h).append('=').append(v);
            }
        }
        return sb.length() == 0 ? "" : sb.append(']').toString();
    }

    /** {@code a.b.IngestPathBenchmark.rtpToRing} becomes {@code IngestPathBenchmark.rtpToRing}. */
    private static String simpleName(String benchmark) {
        String[] parts = benchmark.split("\\.");
        return parts[parts.length - 2] + "." + parts[parts.length - 1];
    }

    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e12) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, Math.abs(v) < 0.1 ? "%.4f" : "%.2f", v);
    }
}
