package io.nightjar.storage.index;

import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksIterator;

/**
 * The audit trail: key {@code time µs i64, sequence i64} (time order; the sequence keeps entries
 * of one microsecond apart) → an {@link AuditCodec} value. Not synced per entry: the syncer thread
 * syncs the log at most a second behind. What goes in is bounded by the API's audit log (names cut
 * to 128 characters, details to 2 048, URLs without user information).
 */
public final class AuditRecords {
    private final IndexDb db;
    private final ColumnFamilyHandle family;

    AuditRecords(IndexDb db, ColumnFamilyHandle family) {
        this.db = db;
        this.family = family;
    }

    public void put(AuditRecord entry, long sequence) {
        db.put(family, Keys.timeSeq(entry.timeMicros(), sequence), AuditCodec.encode(entry), false);
    }

    /**
     * Entries with time in {@code [from, to)}, oldest first, at most {@code limit}; a record that
     * cannot be decoded reads as {@link AuditRecord#unreadable} rather than failing the query.
     */
    public List<AuditRecord> range(long from, long to, int limit) {
        List<AuditRecord> out = new ArrayList<>();
        try (RocksIterator it = db.iterator(family)) {
            for (it.seek(Keys.timeSeq(Math.max(0, from), 0)); it.isValid() && out.size() < limit; it.next()) {
                long time = Keys.getLong(it.key(), 0);
                if (time >= to) {
                    break;
                }
                try {
                    out.add(AuditCodec.decode(time, it.value()));
                } catch (IllegalArgumentException e) {
                    out.add(AuditRecord.unreadable(time));
                }
            }
        }
        return out;
    }
}
