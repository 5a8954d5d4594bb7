package io.nightjar.storage.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The value of a bookmark record; its id is the key.
 *
 * <p>Version 2 (index schema 4 on): {@code u8 2, u8 flags (1 = end present), str camera, i64 time
 * µs, [i64 end µs], str label, str createdBy, i64 created µs} ({@link RecordBytes}). Version 1
 * (schemas 1–3, read still, never written): the API's JSON view of the bookmark, times in
 * milliseconds ({@code timeMs}, {@code endMs}) and {@code created} as ISO-8601.
 */
final class BookmarkCodec {
    private static final int VERSION = 2;
    private static final int END = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private BookmarkCodec() {
    }

    static byte[] encode(Bookmark b) {
        RecordBytes.Writer w = new RecordBytes.Writer(VERSION).u8(b.endMicros() != null ? END : 0)
                .string(b.camera()).i64(b.timeMicros());
        if (b.endMicros() != null) {
            w.i64(b.endMicros());
        }
        return w.string(b.label()).string(b.createdBy()).i64(b.createdMicros()).toBytes();
    }

    /** @throws IllegalArgumentException for a value in no known version, or damaged */
    static Bookmark decode(long id, byte[] v) {
        if (RecordBytes.isJson(v)) {
            return decodeV1(id, v);
        }
        RecordBytes.Reader r = new RecordBytes.Reader(v, "bookmark " + id);
        if (r.version() != VERSION) {
            throw new IllegalArgumentException("bookmark " + id + ": record version " + r.version() + " is unknown");
        }
        int flags = r.u8();
        String camera = r.string();
        long time = r.i64();
        Long end = (flags & END) != 0 ? r.i64() : null;
        return new Bookmark(id, camera, time, end, r.string(), r.string(), r.i64());
    }

    private static Bookmark decodeV1(long id, byte[] v) {
        try {
            JsonNode n = JSON.readTree(v);
            Long end = n.path("endMs").isNumber() ? n.path("endMs").asLong() * 1000 : null;
            long created = n.path("created").isTextual() ? micros(Instant.parse(n.path("created").asText())) : 0;
            return new Bookmark(id, n.path("camera").asText(), n.path("timeMs").asLong() * 1000, end, n.path("label").asText(""),
                    n.path("createdBy").asText(""), created);
        } catch (IOException | DateTimeParseException e) {
            throw new IllegalArgumentException("bookmark " + id + ": version-1 record is unreadable: " + e.getMessage(), e);
        }
    }

    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }
}
