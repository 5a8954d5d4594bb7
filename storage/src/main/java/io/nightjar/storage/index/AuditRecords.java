package io.nightjar.storage.index;

import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksIterator;

/**
 * The audit trail: key {@code time µs i64, sequence i64} (time order; the sequence keeps entries
 * of one microsecond apart) → the entry as the API's audit log encodes it (JSON, names and details
 * bounded). Not synced per entry: the syncer thread syncs the log at most a second behind.
 */
public final class AuditRecords {
    private final IndexDb db;
    private final ColumnFamilyHandle family;

    AuditRecords(IndexDb db, ColumnFamilyHandle family) {
        this.db = db;
        this.family = family;
    }

    public void put(long micros, long sequence, byte[] entry) {
        db.put(family, Keys.timeSeq(micros, sequence), entry, false);
    }

    /** Entries with time in {@code [from, to)}, oldest first, at most {@code limit}. */
    public List<byte[]> range(long from, long to, int limit) {
        List<byte[]> out = new ArrayList<>();
        try (RocksIterator it = db.iterator(family)) {
            for (it.seek(Keys.timeSeq(Math.max(0, from), 0)); it.isValid() && out.size() < limit; it.next()) {
                if (Keys.getLong(it.key(), 0) >= to) {
                    break;
                }
                out.add(it.value());
            }
        }
        return out;
    }
}
