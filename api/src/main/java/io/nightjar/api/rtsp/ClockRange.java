package io.nightjar.api.rtsp;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The absolute time range of a PLAY ({@code Range: clock=20261128T100000Z-20261128T101000.5Z},
 * RFC 2326 3.7) and of the {@code ?start=&end=} query (ISO-8601 or epoch ms), in UTC µs.
 */
record ClockRange(long from, long to) {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

    /** Null when the header is absent or not a clock range (npt ranges mean "live" here). */
    static ClockRange parseHeader(String range) {
        if (range == null) {
            return null;
        }
        String r = range.trim();
        if (!r.regionMatches(true, 0, "clock=", 0, 6)) {
            return null;
        }
        String spec = r.substring(6);
        int semi = spec.indexOf(';');
        if (semi >= 0) {
            spec = spec.substring(0, semi);
        }
        int dash = spec.indexOf('-');
        if (dash <= 0) {
            throw new IllegalArgumentException("Range clock= needs a start time: '" + range + "'");
        }
        long from = clock(spec.substring(0, dash).trim());
        String e = spec.substring(dash + 1).trim();
        long to = e.isEmpty() ? Long.MAX_VALUE : clock(e);
        if (to <= from) {
            throw new IllegalArgumentException("Range end is not after its start: '" + range + "'");
        }
        return new ClockRange(from, to);
    }

    static ClockRange parseQuery(String start, String end) {
        if (start == null) {
            return null;
        }
        long from = io.nightjar.recorder.time.TimeText.parseMicros("start", start);
        long to = end == null ? Long.MAX_VALUE : io.nightjar.recorder.time.TimeText.parseMicros("end", end);
        if (to <= from) {
            throw new IllegalArgumentException("end is not after start");
        }
        return new ClockRange(from, to);
    }

    static long clock(String t) {
        String s = t.endsWith("Z") ? t.substring(0, t.length() - 1) : t;
        long fractionMicros = 0;
        int dot = s.indexOf('.');
        if (dot >= 0) {
            String frac = (s.substring(dot + 1) + "000000").substring(0, 6);
            if (!frac.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("'" + t + "' is not a clock time (YYYYMMDDThhmmss[.fff]Z)");
            }
            fractionMicros = Long.parseLong(frac);
            s = s.substring(0, dot);
        }
        try {
            LocalDateTime dt = LocalDateTime.parse(s, CLOCK);
            return dt.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + fractionMicros;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + t + "' is not a clock time (YYYYMMDDThhmmss[.fff]Z)");
        }
    }

    static String format(long micros) {
        LocalDateTime dt = LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), 0, ZoneOffset.UTC);
        long frac = Math.floorMod(micros, 1_000_000L);
        return CLOCK.format(dt) + (frac == 0 ? "" : String.format(".%03d", frac / 1000)) + "Z";
    }
}
