package io.nightjar.recorder.time;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The one grammar for times people and clients type (API query parameters and bodies, RTSP
 * playback URLs, the command line): an ISO-8601 instant ({@code 2026-11-28T10:00:00Z}, fractions
 * allowed) or epoch milliseconds, between 1970 and the end of 9999 (so that no arithmetic on the
 * result can overflow).
 */
public final class TimeText {
    /** The latest time accepted: the end of year 9999, in epoch milliseconds. */
    public static final long MAX_EPOCH_MILLIS = 253_402_300_799_999L;

    private TimeText() {
    }

    /**
     * @return UTC microseconds
     * @throws IllegalArgumentException saying what is accepted, with {@code name} (the field or
     *                                  option) and the value given, cut to 64 characters
     */
    public static long parseMicros(String name, String text) {
        String v = text == null ? "" : text.trim();
        long millis;
        if (v.matches("-?\\d{1,19}")) {
            try {
                millis = Long.parseLong(v);
            } catch (NumberFormatException e) {
                millis = -1;
            }
        } else {
            try {
                Instant i = Instant.parse(v);
                if (i.isBefore(Instant.EPOCH) || i.isAfter(Instant.ofEpochMilli(MAX_EPOCH_MILLIS))) {
                    millis = -1;
                } else {
                    return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
                }
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + name + "' must be an ISO-8601 instant (2026-11-28T10:00:00Z) or epoch milliseconds, was '"
                        + clip(v) + "'");
            }
        }
        if (millis < 0 || millis > MAX_EPOCH_MILLIS) {
            throw new IllegalArgumentException("'" + name + "' must be a time between 1970 and 9999, was '" + clip(v) + "'");
        }
        return millis * 1000L;
    }

    private static String clip(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
