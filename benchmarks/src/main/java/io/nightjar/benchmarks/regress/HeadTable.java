package io.nightjar.benchmarks.regress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The "current at HEAD" table in BENCHMARKS.md, between {@link #BEGIN} and {@link #END}: read to
 * compare, written to refresh. Rows are {@code | name | value | unit | command |}.
 */
final class HeadTable {
    static final String BEGIN = "<!-- regress:begin -->";
    static final String END = "<!-- regress:end -->";

    private HeadTable() {
    }

    /** The figures of the table in {@code document}, by name (empty when there is none yet). */
    static Map<String, Double> read(String document) {
        Map<String, Double> out = new LinkedHashMap<>();
        int b = document.indexOf(BEGIN);
        int e = document.indexOf(END);
        if (b < 0 || e < b) {
            return out;
        }
        for (String line : document.substring(b, e).split("\n")) {
            String[] cells = line.split("\\|");
            if (cells.length >= 4 && cells[1].trim().startsWith("`")) {
                String name = cells[1].trim().replace("`", "");
                try {
                    out.put(name, Double.parseDouble(cells[2].trim()));
                } catch (NumberFormatException ignored) {
                    // a row without a number (e.g. "not measured") has nothing to compare
                }
            }
        }
        return out;
    }

    /** {@code document} with the table replaced by {@code figures} (merged over the old rows), or appended. */
    static String write(String document, Map<String, Double> previous, List<Figure> figures, String heading) {
        Map<String, String[]> rows = new LinkedHashMap<>();
        int b = document.indexOf(BEGIN);
        int e = document.indexOf(END);
        if (b >= 0 && e > b) {
            for (String line : document.substring(b, e).split("\n")) {
                String[] cells = line.split("\\|");
                if (cells.length >= 5 && cells[1].trim().startsWith("`")) {
                    rows.put(cells[1].trim().replace("`", ""), new String[] {cells[2].trim(), cells[3].trim(), cells[4].trim()});
                }
            }
        }
        for (Figure f : figures) {
            rows.put(f.name(), new String[] {FigureParser.format(f.value()), f.unit(), "`" + f.command() + "`"});
        }
        StringBuilder t = new StringBuilder();
        t.append(BEGIN).append('\n').append(heading).append("\n\n");
        t.append("| figure | value | unit | command |\n| --- | --- | --- | --- |\n");
        for (Map.Entry<String, String[]> r : rows.entrySet()) {
            t.append("| `").append(r.getKey()).append("` | ").append(r.getValue()[0]).append(" | ").append(r.getValue()[1]).append(" | ")
                    .append(r.getValue()[2]).append(" |\n");
        }
        t.append(END);
        if (b >= 0 && e > b) {
            return document.substring(0, b) + t + document.substring(e + END.length());
        }
        return document + "\n## Current at HEAD\n\n" + t + "\n";
    }

    /** The comparison printed after a run: previous, now, and the change, marked when it is worse by more than {@code tolerance}. */
    static List<String> compare(Map<String, Double> previous, List<Figure> figures, double tolerance) {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "%-40s %14s %14s %9s", "figure", "recorded", "now", "change"));
        for (Figure f : figures) {
            Double p = previous.get(f.name());
            String change = "";
            String mark = "";
            if (p != null && p != 0) {
                double rel = (f.value() - p) / Math.abs(p);
                change = String.format(Locale.ROOT, "%+.1f%%", 100 * rel);
                boolean worse = f.higherBetter() ? rel < -tolerance : rel > tolerance;
                mark = worse ? "  << worse" : "";
            } else if (p != null && f.value() != 0) {
                boolean worse = f.higherBetter() ? f.value() < p : f.value() > p;
                mark = worse ? "  << worse" : "";
            }
            out.add(String.format(Locale.ROOT, "%-40s %14s %14s %9s%s", f.name(), p == null ? "-" : FigureParser.format(p),
                    FigureParser.format(f.value()), change, mark));
        }
        return out;
    }
}
