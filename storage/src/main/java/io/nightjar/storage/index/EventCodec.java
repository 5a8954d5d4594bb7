package io.nightjar.storage.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * The value of an event record; camera, start and id are in its key ({@link Keys#camTimeId}).
 *
 * <p>Version 2 (written since index schema 3), binary: {@code u8 2, u8 flags, utf type, [i64 end],
 * f64 score, [utf zone], [4 × f64 area], [utf detail]}, the bracketed fields present when their
 * flag is set ({@code 1 end, 2 zone, 4 area, 8 detail, 16 snapshot stored}). Version 1 (index
 * schemas 1 and 2) was the API's JSON of the whole event, snapshot inline in base64; it starts
 * with {@code '{'} and is still read, and the upgrade to schema 3 rewrites it.
 */
final class EventCodec {
    private static final int VERSION = 2;
    private static final int END = 1;
    private static final int ZONE = 2;
    private static final int AREA = 4;
    private static final int DETAIL = 8;
    private static final int SNAPSHOT = 16;
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventCodec() {
    }

    /** A record read back: the event, and a version-1 record's inline snapshot (else null). */
    record Decoded(StoredEvent event, byte[] inlineSnapshot) {
    }

    static byte[] encode(StoredEvent e) {
        try {
            ByteArrayOutputStream bo = new ByteArrayOutputStream(64);
            DataOutputStream o = new DataOutputStream(bo);
            int flags = (e.endMicros() != null ? END : 0) | (e.zone() != null ? ZONE : 0) | (e.area() != null ? AREA : 0)
                    | (e.detail() != null ? DETAIL : 0) | (e.hasSnapshot() ? SNAPSHOT : 0);
            o.writeByte(VERSION);
            o.writeByte(flags);
            o.writeUTF(e.type());
            if (e.endMicros() != null) {
                o.writeLong(e.endMicros());
            }
            o.writeDouble(e.score());
            if (e.zone() != null) {
                o.writeUTF(e.zone());
            }
            if (e.area() != null) {
                o.writeDouble(e.area().x());
                o.writeDouble(e.area().y());
                o.writeDouble(e.area().w());
                o.writeDouble(e.area().h());
            }
            if (e.detail() != null) {
                o.writeUTF(e.detail());
            }
            return bo.toByteArray();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** @throws IllegalArgumentException for a record in no version this code knows, or cut short */
    static Decoded decode(String camera, long startMicros, long id, byte[] v) {
        if (v.length > 0 && v[0] == '{') {
            return decodeV1(camera, startMicros, id, v);
        }
        if (v.length < 2 || v[0] != VERSION) {
            throw new IllegalArgumentException("event " + id + ": record version " + (v.length == 0 ? "none" : v[0]) + " is unknown");
        }
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(v, 1, v.length - 1));
            int flags = in.readUnsignedByte();
            String type = in.readUTF();
            Long end = (flags & END) != 0 ? in.readLong() : null;
            double score = in.readDouble();
            String zone = (flags & ZONE) != 0 ? in.readUTF() : null;
            StoredEvent.Area area = (flags & AREA) != 0
                    ? new StoredEvent.Area(in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble()) : null;
            String detail = (flags & DETAIL) != 0 ? in.readUTF() : null;
            return new Decoded(new StoredEvent(id, camera, type, startMicros, end, score, zone, area, detail, (flags & SNAPSHOT) != 0),
                    null);
        } catch (IOException e) {
            throw new IllegalArgumentException("event " + id + ": record cut short", e);
        }
    }

    private static Decoded decodeV1(String camera, long startMicros, long id, byte[] v) {
        JsonNode n;
        try {
            n = JSON.readTree(v);
        } catch (IOException e) {
            throw new IllegalArgumentException("event " + id + ": version-1 record is not JSON: " + e.getMessage(), e);
        }
        JsonNode box = n.path("box");
        StoredEvent.Area area = box.isObject()
                ? new StoredEvent.Area(box.path("x").asDouble(), box.path("y").asDouble(), box.path("w").asDouble(), box.path("h").asDouble())
                : null;
        byte[] snapshot = n.path("snapshot").isTextual() ? Base64.getDecoder().decode(n.path("snapshot").asText()) : null;
        StoredEvent e = new StoredEvent(id, camera, n.path("type").asText(), startMicros,
                n.path("endMicros").isNumber() ? n.path("endMicros").asLong() : null, n.path("score").asDouble(), text(n, "zone"), area,
                text(n, "detail"), snapshot != null);
        return new Decoded(e, snapshot);
    }

    private static String text(JsonNode n, String field) {
        return n.path(field).isTextual() ? n.path(field).asText() : null;
    }
}
