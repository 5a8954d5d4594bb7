package io.nightjar.api.cli;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Parses the times users type: ISO-8601 instants ({@code 2026-11-28T10:00:00Z}) or epoch milliseconds. */
final class TimeArgument {
    private TimeArgument() {
    }

    /** @return UTC microseconds */
    static long parseMicros(String s) {
        String v = s.trim();
        if (v.matches("-?\\d+")) {
            return Long.parseLong(v) * 1000L;
        }
        try {
            Instant i = Instant.parse(v);
            return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + s + "' is neither an ISO-8601 instant (2026-11-28T10:00:00Z) nor epoch milliseconds");
        }
    }
}
