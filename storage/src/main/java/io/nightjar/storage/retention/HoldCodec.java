package io.nightjar.storage.retention;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightjar.storage.index.RecordBytes;
import java.io.IOException;

/**
 * The value of a hold record; its id is the key.
 *
 * <p>Version 2 (index schema 4 on): {@code u8 2, str camera, i64 from µs, i64 to µs, i64 until µs
 * (Long.MAX_VALUE: until released), str reason, str createdBy, i64 created µs}
 * ({@link RecordBytes}). Version 1 (schemas 1–3, read still, never written): the JSON of
 * {@link Hold}, field for field.
 */
final class HoldCodec {
    private static final int VERSION = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private HoldCodec() {
    }

    static byte[] encode(Hold h) {
        return new RecordBytes.Writer(VERSION).string(h.camera()).i64(h.fromMicros()).i64(h.toMicros()).i64(h.untilMicros())
                .string(h.reason()).string(h.createdBy()).i64(h.createdMicros()).toBytes();
    }

    /** @throws IllegalArgumentException for a value in no known version, or damaged */
    static Hold decode(long id, byte[] v) {
        if (RecordBytes.isJson(v)) {
            return decodeV1(id, v);
        }
        RecordBytes.Reader r = new RecordBytes.Reader(v, "hold " + id);
        if (r.version() != VERSION) {
            throw new IllegalArgumentException("hold " + id + ": record version " + r.version() + " is unknown");
        }
        return new Hold(id, r.string(), r.i64(), r.i64(), r.i64(), r.string(), r.string(), r.i64());
    }

    private static Hold decodeV1(long id, byte[] v) {
        try {
            JsonNode n = JSON.readTree(v);
            return new Hold(id, n.path("camera").asText(), n.path("fromMicros").asLong(), n.path("toMicros").asLong(),
                    n.path("untilMicros").asLong(Long.MAX_VALUE), n.path("reason").asText(""), n.path("createdBy").asText(""),
                    n.path("createdMicros").asLong());
        } catch (IOException e) {
            throw new IllegalArgumentException("hold " + id + ": version-1 record is unreadable: " + e.getMessage(), e);
        }
    }
}
