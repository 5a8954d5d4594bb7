package io.nightjar.api.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes as people write them: {@code 500GB}, {@code 1.5 TB}, {@code 200MiB}, {@code 1048576}. */
public final class Sizes {
    private static final Pattern SIZE = Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([KMGT]?I?B?)?\\s*");

    private Sizes() {
    }

    /** @throws IllegalArgumentException naming the unreadable value */
    public static long parse(String s) {
        if (s == null) {
            throw new IllegalArgumentException("no size given");
        }
        Matcher m = SIZE.matcher(s.toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + s + "' is not a size (examples: 500GB, 1.5TB, 200MiB)");
        }
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2);
        boolean binary = unit.contains("I");
        double k = binary ? 1024 : 1000;
        char prefix = unit.isEmpty() ? 'B' : unit.charAt(0);
        double mult = switch (prefix) {
            case 'K' -> k;
            case 'M' -> k * k;
            case 'G' -> k * k * k;
            case 'T' -> k * k * k * k;
            default -> 1;
        };
        return (long) (v * mult);
    }
}
