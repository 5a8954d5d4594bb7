package io.nightjar.api.events;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Audits every read of stored footage by file (segment files, HLS init and media segments) without
 * writing a record per request: a player fetches a file's segments one by one, and ranged reads
 * come in many parts. The first read of a file by a user from an address is recorded; more reads of
 * it within {@link #WINDOW_MILLIS} are not. What it remembers is bounded ({@link #MAX_ENTRIES}, the
 * oldest forgotten first, which at worst records a read twice).
 */
public final class DownloadAudit {
    static final long WINDOW_MILLIS = 10 * 60_000;
    static final int MAX_ENTRIES = 4096;

    private record Key(String user, String remote, String camera, long file, String kind) {
    }

    private final AuditLog audit;
    private final Map<Key, Long> recent = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Long> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    public DownloadAudit(AuditLog audit) {
        this.audit = audit;
    }

    /**
     * A read of {@code file} of {@code camera} ({@code kind}: "file" or "hls") covering
     * {@code fromMicros}..{@code toMicros}; true when it was recorded now.
     */
    public boolean read(String user, String remote, String camera, long file, String kind, long fromMicros, long toMicros) {
        long now = System.currentTimeMillis();
        Key k = new Key(user, remote, camera, file, kind);
        synchronized (recent) {
            Long last = recent.get(k);
            if (last != null && now - last < WINDOW_MILLIS) {
                return false;
            }
            recent.remove(k); // re-inserted last: the map's order is the order of recording
            recent.put(k, now);
        }
        audit.record(user, remote, "download", camera, fromMicros, toMicros, kind + " " + file);
        return true;
    }
}
