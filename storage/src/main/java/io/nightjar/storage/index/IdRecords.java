package io.nightjar.storage.index;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksIterator;

/**
 * A column family of records by id: key {@code id i64} → the record, written synced. The index's
 * {@code holds} (values encoded by {@code HoldStore}'s codec, beside the {@code Hold} it owns) and,
 * under {@link BookmarkStore}, {@code bookmarks}.
 */
public final class IdRecords {
    private final IndexDb db;
    private final ColumnFamilyHandle family;

    IdRecords(IndexDb db, ColumnFamilyHandle family) {
        this.db = db;
        this.family = family;
    }

    public void put(long id, byte[] record) {
        db.put(family, Keys.id(id), record, true);
    }

    /** The record, or null. */
    public byte[] get(long id) {
        return db.get(family, Keys.id(id));
    }

    public void delete(long id) {
        db.delete(family, Keys.id(id));
    }

    /** Every record, in id order (holds and bookmarks are few: an operator makes each). */
    public Map<Long, byte[]> all() {
        Map<Long, byte[]> out = new LinkedHashMap<>();
        try (RocksIterator it = db.iterator(family)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                out.put(Keys.getLong(it.key(), 0), it.value());
            }
        }
        return out;
    }
}
