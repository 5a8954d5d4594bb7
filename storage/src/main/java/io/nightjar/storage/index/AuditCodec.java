package io.nightjar.storage.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The value of an audit record; its time is in the key.
 *
 * <p>Version 2 (index schema 4 on): {@code u8 2, u8 flags, str action, [str user], [str remote],
 * [str camera], [i64 from µs], [i64 to µs], [str detail]}, each bracketed field present when its
 * flag is set ({@code 1 user, 2 remote, 4 camera, 8 from, 16 to, 32 detail}). Version 1 (schemas
 * 1–3, read still, never written): JSON with the same names, times as ISO-8601.
 */
final class AuditCodec {
    private static final int VERSION = 2;
    private static final int USER = 1;
    private static final int REMOTE = 2;
    private static final int CAMERA = 4;
    private static final int FROM = 8;
    private static final int TO = 16;
    private static final int DETAIL = 32;
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditCodec() {
    }

    static byte[] encode(AuditRecord a) {
        int flags = (a.user() != null ? USER : 0) | (a.remote() != null ? REMOTE : 0) | (a.camera() != null ? CAMERA : 0)
                | (a.fromMicros() != null ? FROM : 0) | (a.toMicros() != null ? TO : 0) | (a.detail() != null ? DETAIL : 0);
        RecordBytes.Writer w = new RecordBytes.Writer(VERSION).u8(flags).string(a.action());
        if (a.user() != null) {
            w.string(a.user());
        }
        if (a.remote() != null) {
            w.string(a.remote());
        }
        if (a.camera() != null) {
            w.string(a.camera());
        }
        if (a.fromMicros() != null) {
            w.i64(a.fromMicros());
        }
        if (a.toMicros() != null) {
            w.i64(a.toMicros());
        }
        if (a.detail() != null) {
            w.string(a.detail());
        }
        return w.toBytes();
    }

    /** @throws IllegalArgumentException for a value in no known version, or damaged */
    static AuditRecord decode(long timeMicros, byte[] v) {
        if (RecordBytes.isJson(v)) {
            return decodeV1(timeMicros, v);
        }
        RecordBytes.Reader r = new RecordBytes.Reader(v, "audit record at " + timeMicros);
        if (r.version() != VERSION) {
            throw new IllegalArgumentException("audit record at " + timeMicros + ": version " + r.version() + " is unknown");
        }
        int flags = r.u8();
        String action = r.string();
        String user = (flags & USER) != 0 ? r.string() : null;
        String remote = (flags & REMOTE) != 0 ? r.string() : null;
        String camera = (flags & CAMERA) != 0 ? r.string() : null;
        Long from = (flags & FROM) != 0 ? r.i64() : null;
        Long to = (flags & TO) != 0 ? r.i64() : null;
        String detail = (flags & DETAIL) != 0 ? r.string() : null;
        return new AuditRecord(timeMicros, user, remote, action, camera, from, to, detail);
    }

    private static AuditRecord decodeV1(long timeMicros, byte[] v) {
        try {
            JsonNode n = JSON.readTree(v);
            return new AuditRecord(timeMicros, text(n, "user"), text(n, "remote"), text(n, "action"), text(n, "camera"),
                    time(n, "from"), time(n, "to"), text(n, "detail"));
        } catch (IOException | DateTimeParseException e) {
            throw new IllegalArgumentException("audit record at " + timeMicros + ": version-1 record is unreadable: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode n, String field) {
        return n.path(field).isTextual() ? n.path(field).asText() : null;
    }

    private static Long time(JsonNode n, String field) {
        return n.path(field).isTextual() ? BookmarkCodec.micros(Instant.parse(n.path(field).asText())) : null;
    }
}
