package io.nightjar.storage.index;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;

/**
 * The index's analytics events: three column families.
 * <ul>
 *   <li>{@code events}: key {@code camera key u32, start µs i64, id i64} → {@link EventCodec} value;</li>
 *   <li>{@code event_ids}: key {@code id i64} → {@code camera key u32, start µs i64} (lookups by id);</li>
 *   <li>{@code event_snapshots} (since schema 3): key {@code id i64} → the JPEG.</li>
 * </ul>
 * An event is stored when it opens and replaced when it closes. Thread-safe.
 */
public final class EventRecords {
    private final IndexDb db;
    private final TimeIndex index;
    private final ColumnFamilyHandle events;
    private final ColumnFamilyHandle ids;
    private final ColumnFamilyHandle snapshots;
    private final LongAdder snapshotsRead = new LongAdder();

    EventRecords(IndexDb db, TimeIndex index, ColumnFamilyHandle events, ColumnFamilyHandle ids, ColumnFamilyHandle snapshots) {
        this.db = db;
        this.index = index;
        this.events = events;
        this.ids = ids;
        this.snapshots = snapshots;
    }

    /** Stores (or replaces) an event, with its snapshot if {@code snapshot} is not null (else any earlier one is removed). */
    public void put(StoredEvent e, byte[] snapshot) {
        StoredEvent record = e.hasSnapshot() == (snapshot != null) ? e : withSnapshotFlag(e, snapshot != null);
        int cam = index.cameraKey(e.camera());
        try (WriteBatch b = new WriteBatch()) {
            b.put(events, Keys.camTimeId(cam, e.startMicros(), e.id()), EventCodec.encode(record));
            b.put(ids, Keys.id(e.id()), Keys.camTime(cam, e.startMicros()));
            if (snapshot != null) {
                b.put(snapshots, Keys.id(e.id()), snapshot);
            } else {
                b.delete(snapshots, Keys.id(e.id()));
            }
            db.write(b, false, "store event " + e.id());
        } catch (org.rocksdb.RocksDBException ex) {
            throw db.fail("store event " + e.id(), ex);
        }
    }

    /** An event by id, or null. */
    public StoredEvent byId(long id) {
        byte[] where = db.get(ids, Keys.id(id));
        if (where == null) {
            return null;
        }
        int cam = Keys.getInt(where, 0);
        long start = Keys.getLong(where, 4);
        byte[] v = db.get(events, Keys.camTimeId(cam, start, id));
        return v == null ? null : EventCodec.decode(index.cameraName(cam), start, id, v).event();
    }

    /** An event's snapshot (JPEG), or null if it has none. */
    public byte[] snapshot(long id) {
        snapshotsRead.increment();
        byte[] s = snapshots == null ? null : db.get(snapshots, Keys.id(id));
        if (s != null) {
            return s;
        }
        byte[] where = db.get(ids, Keys.id(id)); // a version-1 record not yet upgraded (a read-only index) keeps it inline
        byte[] v = where == null ? null : db.get(events, Keys.camTimeId(Keys.getInt(where, 0), Keys.getLong(where, 4), id));
        return v == null ? null : EventCodec.decode(null, 0, id, v).inlineSnapshot();
    }

    /** Snapshots read since the index opened (listing reads none). */
    public long snapshotsRead() {
        return snapshotsRead.sum();
    }

    /** A camera's events with start in {@code [from, to)}, in (start, id) order, until the visitor says stop. */
    public void forEach(String camera, long from, long to, Predicate<StoredEvent> visitor) {
        int cam = index.existingCameraKey(camera);
        if (cam < 0 || to <= from) {
            return;
        }
        try (Slice upper = new Slice(Keys.camTime(cam, to));
             ReadOptions ro = new ReadOptions().setIterateUpperBound(upper).setPrefixSameAsStart(true);
             RocksIterator it = db.iterator(events, ro)) {
            for (it.seek(Keys.camTime(cam, Math.max(0, from))); it.isValid(); it.next()) {
                byte[] k = it.key();
                if (!visitor.test(EventCodec.decode(camera, Keys.getLong(k, 4), Keys.getLong(k, 12), it.value()).event())) {
                    return;
                }
            }
        }
    }

    public void delete(String camera, long startMicros, long id) {
        try (WriteBatch b = new WriteBatch()) {
            b.delete(events, Keys.camTimeId(index.cameraKey(camera), startMicros, id));
            b.delete(ids, Keys.id(id));
            b.delete(snapshots, Keys.id(id));
            db.write(b, true, "delete event " + id);
        } catch (org.rocksdb.RocksDBException ex) {
            throw db.fail("delete event " + id, ex);
        }
    }

    /**
     * Schema 2 → 3: every version-1 record (JSON, snapshot inline) is rewritten in version 2 with its
     * snapshot moved to {@code event_snapshots}, a thousand to a synced batch. Idempotent: a pass cut
     * short by a crash is finished by the next open (the schema version is raised only after it).
     *
     * @return the records rewritten
     */
    long upgradeVersion1Records() {
        long rewritten = 0;
        WriteBatch b = new WriteBatch();
        try (RocksIterator it = db.iterator(events)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] v = it.value();
                if (v.length == 0 || v[0] != '{') {
                    continue;
                }
                byte[] k = it.key();
                EventCodec.Decoded d = EventCodec.decode(null, Keys.getLong(k, 4), Keys.getLong(k, 12), v);
                b.put(events, k, EventCodec.encode(d.event()));
                if (d.inlineSnapshot() != null) {
                    b.put(snapshots, Keys.id(d.event().id()), d.inlineSnapshot());
                }
                if (++rewritten % 1000 == 0) {
                    db.write(b, true, "upgrade event records");
                    b.clear();
                }
            }
            db.write(b, true, "upgrade event records");
        } catch (org.rocksdb.RocksDBException e) {
            throw db.fail("upgrade event records", e);
        } finally {
            b.close();
        }
        return rewritten;
    }

    private static StoredEvent withSnapshotFlag(StoredEvent e, boolean has) {
        return new StoredEvent(e.id(), e.camera(), e.type(), e.startMicros(), e.endMicros(), e.score(), e.zone(), e.area(), e.detail(), has);
    }
}
