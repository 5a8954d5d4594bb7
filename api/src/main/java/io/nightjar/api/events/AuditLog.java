package io.nightjar.api.events;

import io.nightjar.api.service.AuditEntry;
import io.nightjar.storage.index.AuditRecord;
import io.nightjar.storage.index.TimeIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Who did what, when, to which camera and time range: every playback, export, snapshot, hold and configuration change. */
public final class AuditLog {
    private final TimeIndex index;
    private final AtomicLong sequence = new AtomicLong();

    public AuditLog(TimeIndex index) {
        this.index = index;
    }

    /** @param camera may be null; from/to may be null */
    public void record(String user, String remote, String action, String camera, Long fromMicros, Long toMicros, String detail) {
        long now = System.currentTimeMillis() * 1000;
        AuditRecord r = new AuditRecord(now, bounded(user, MAX_NAME), bounded(remote, MAX_NAME), bounded(action, MAX_NAME),
                bounded(camera, MAX_NAME), fromMicros, toMicros, detail == null ? null : bounded(withoutUserInfo(detail), MAX_DETAIL));
        index.audit().put(r, sequence.incrementAndGet());
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
    public List<AuditEntry> query(long fromMicros, long toMicros, int limit) {
        List<AuditEntry> out = new ArrayList<>();
        for (AuditRecord r : index.audit().range(fromMicros, toMicros, limit)) {
            out.add(r.readable()
                    ? new AuditEntry(EventRecord.iso(r.timeMicros()), r.user(), r.remote(), r.action(), r.camera(), iso(r.fromMicros()),
                            iso(r.toMicros()), r.detail(), null)
                    : new AuditEntry(EventRecord.iso(r.timeMicros()), null, null, null, null, null, null, null, "unreadable audit record"));
        }
        return out;
    }

    private static String iso(Long micros) {
        return micros == null ? null : EventRecord.iso(micros);
    }
}
