package io.nightjar.api.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightjar.storage.index.TimeIndex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Who did what, when, to which camera and time range: every playback, export, snapshot, hold and configuration change. */
public final class AuditLog {
    private static final ObjectMapper JSON = io.nightjar.api.http.Json.STORAGE;

    private final TimeIndex index;
    private final AtomicLong sequence = new AtomicLong();

    public AuditLog(TimeIndex index) {
        this.index = index;
    }

    /** @param camera may be null; from/to may be null */
    public void record(String user, String remote, String action, String camera, Long fromMicros, Long toMicros, String detail) {
        long now = System.currentTimeMillis() * 1000;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", EventRecord.iso(now));
        m.put("user", bounded(user, MAX_NAME));
        m.put("remote", bounded(remote, MAX_NAME));
        m.put("action", bounded(action, MAX_NAME));
        if (camera != null) {
            m.put("camera", bounded(camera, MAX_NAME));
        }
        if (fromMicros != null) {
            m.put("from", EventRecord.iso(fromMicros));
        }
        if (toMicros != null) {
            m.put("to", EventRecord.iso(toMicros));
        }
        if (detail != null) {
            m.put("detail", bounded(withoutUserInfo(detail), MAX_DETAIL));
        }
        try {
            index.audit().put(now, sequence.incrementAndGet(), JSON.writeValueAsBytes(m));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Longest user, address, action or camera kept; anything a client sends may be hostile. */
    static final int MAX_NAME = 128;
    /** Longest detail kept. */
    static final int MAX_DETAIL = 2048;
    private static final java.util.regex.Pattern USER_INFO = java.util.regex.Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\\s]*@");

    /** {@code s} cut to {@code max} characters, saying how much was cut. */
    static String bounded(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        return s.substring(0, max) + "... (" + (s.length() - max) + " more characters)";
    }

    /** Every {@code scheme://user:password@} in {@code s} without its user information. */
    static String withoutUserInfo(String s) {
        return s.indexOf('@') < 0 ? s : USER_INFO.matcher(s).replaceAll("$1");
    }

    /** Entries of a range, oldest first; an entry that cannot be read says so instead of failing the query. */
    public List<io.nightjar.api.service.AuditEntry> query(long fromMicros, long toMicros, int limit) {
        List<io.nightjar.api.service.AuditEntry> out = new ArrayList<>();
        for (byte[] b : index.audit().range(fromMicros, toMicros, limit)) {
            try {
                out.add(READ.readValue(b));
            } catch (IOException e) {
                out.add(new io.nightjar.api.service.AuditEntry(null, null, null, null, null, null, null, null, "unreadable audit record"));
            }
        }
        return out;
    }

    private static final com.fasterxml.jackson.databind.ObjectReader READ = JSON.readerFor(io.nightjar.api.service.AuditEntry.class)
            .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
}
