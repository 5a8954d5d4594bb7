package io.nightjar.storage.index;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;

/**
 * Segment-file records: two column families.
 * <ul>
 *   <li>{@code files}: key {@code fileId i64} → the {@link FileRecord} (its own version byte);</li>
 *   <li>{@code files_by_time} (prefix: the camera key): key {@code camera key u32, startMicros i64,
 *       fileId i64} → nothing, so a camera's files are found in start order without reading a
 *       record until it is wanted.</li>
 * </ul>
 * Both are written in one batch, so they never disagree. Thread-safe.
 */
public final class FileRecords {
    /** Files last minutes; a time query starts scanning this much earlier and filters by end. */
    private static final long LONGEST_FILE_MICROS = 86_400_000_000L;

    private final IndexDb db;
    private final TimeIndex index;
    private final ColumnFamilyHandle files;
    private final ColumnFamilyHandle byTime;
    private final LongAdder recordsRead = new LongAdder();

    FileRecords(IndexDb db, TimeIndex index, ColumnFamilyHandle files, ColumnFamilyHandle byTime) {
        this.db = db;
        this.index = index;
        this.files = files;
        this.byTime = byTime;
    }

    /**
     * Stores a file record. Not synced on the writer's path: a synced write per file opened or
     * sealed stalled the writer for milliseconds each (hundreds of cameras open files together at
     * start, and a camera that sheds under overload starts a new file when it resumes), and the
     * write-ahead log keeps the order that matters, a file record before the fragments that refer
     * to it. The syncer thread syncs the log after fsyncing the segment files, at most a second
     * behind; a crash in between leaves at most a segment file the index does not know, which
     * recovery adopts, or a seal it redoes.
     */
    public void put(FileRecord f) {
        try (WriteBatch b = new WriteBatch()) {
            add(b, f);
            db.write(b, false, "store file record " + f.id());
        } catch (RocksDBException e) {
            throw db.fail("store file record " + f.id(), e);
        }
    }

    /** Stores many file records in one synced write (bulk import, benchmarks). */
    public void putAll(List<FileRecord> records) {
        try (WriteBatch b = new WriteBatch()) {
            for (FileRecord f : records) {
                add(b, f);
            }
            db.write(b, true, "store " + records.size() + " file records");
        } catch (RocksDBException e) {
            throw db.fail("store " + records.size() + " file records", e);
        }
    }

    private void add(WriteBatch b, FileRecord f) throws RocksDBException {
        b.put(files, Keys.id(f.id()), f.encode());
        b.put(byTime, timeKey(f), new byte[0]);
    }

    /** Rewrites a record in a batch of the writer or of retention (its start, hence its time key, is unchanged). */
    void update(WriteBatch b, FileRecord f) throws RocksDBException {
        b.put(files, Keys.id(f.id()), f.encode());
    }

    /** The record of a file, or null. */
    public FileRecord get(long id) {
        byte[] v = db.get(files, Keys.id(id));
        if (v == null) {
            return null;
        }
        recordsRead.increment();
        return FileRecord.decode(v);
    }

    /** File records decoded since the index opened (what a retention pass costs is told by it). */
    public long recordsRead() {
        return recordsRead.sum();
    }

    /** All file records (any state), in id order. */
    public List<FileRecord> all() {
        List<FileRecord> out = new ArrayList<>();
        try (RocksIterator it = db.iterator(files)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                recordsRead.increment();
                out.add(FileRecord.decode(it.value()));
            }
        }
        return out;
    }

    /** Files of a camera overlapping {@code [from, to)}, in start order, except those being deleted. */
    public List<FileRecord> overlapping(String camera, long from, long to) {
        int cam = index.existingCameraKey(camera);
        List<FileRecord> out = new ArrayList<>();
        if (cam < 0) {
            return out;
        }
        long scanFrom = Math.max(0, from - LONGEST_FILE_MICROS);
        try (Slice upper = new Slice(Keys.camTime(cam, Math.max(to, 0)));
             ReadOptions ro = new ReadOptions().setIterateUpperBound(upper).setPrefixSameAsStart(true);
             RocksIterator it = db.iterator(byTime, ro)) {
            for (it.seek(Keys.camTime(cam, scanFrom)); it.isValid(); it.next()) {
                FileRecord f = get(Keys.getLong(it.key(), 12));
                if (f != null && f.endMicros() > from && f.state() != FileRecord.State.DELETING) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    /** Files of a camera in start order (oldest first), except those being deleted. */
    public List<FileRecord> of(String camera) {
        return overlapping(camera, 0, Long.MAX_VALUE);
    }

    /**
     * A camera's file records, oldest first, read one at a time as they are asked for (retention
     * walks only as far as it deletes). Reads a consistent view of when it was opened; close it.
     */
    public Cursor oldestFirst(String camera) {
        return new Cursor(index.existingCameraKey(camera));
    }

    /** Removes a file record and its time entry in one synced write (its fragments must already be gone). */
    public void delete(FileRecord f) {
        try (WriteBatch b = new WriteBatch()) {
            b.delete(files, Keys.id(f.id()));
            b.delete(byTime, timeKey(f));
            db.write(b, true, "delete file record " + f.id());
        } catch (RocksDBException e) {
            throw db.fail("delete file record " + f.id(), e);
        }
    }

    private byte[] timeKey(FileRecord f) {
        return Keys.camTimeId(index.cameraKey(f.camera()), f.startMicros(), f.id());
    }

    /**
     * File records of one camera in start order, from a RocksDB iterator over {@code files_by_time}.
     * A record is decoded only when taken: the next one's start time comes from its key.
     */
    public final class Cursor implements AutoCloseable {
        private final Slice upper;
        private final ReadOptions options;
        private final RocksIterator it;

        private Cursor(int cam) {
            if (cam < 0) {
                upper = null;
                options = null;
                it = null;
                return;
            }
            upper = new Slice(Keys.camTime(cam + 1, 0));
            options = new ReadOptions().setIterateUpperBound(upper);
            it = db.iterator(byTime, options);
            it.seek(Keys.camTime(cam, 0));
        }

        /** Whether a file is left. */
        public boolean hasNext() {
            return it != null && it.isValid();
        }

        /** When the next file starts (from its key; no record is read). */
        public long nextStartMicros() {
            return Keys.getLong(it.key(), 4);
        }

        /** The next file, or null at the end. */
        public FileRecord next() {
            while (hasNext()) {
                FileRecord f = get(Keys.getLong(it.key(), 12));
                it.next();
                if (f != null) {
                    return f;
                }
            }
            return null;
        }

        @Override
        public void close() {
            if (it != null) {
                it.close();
                options.close();
                upper.close();
            }
        }
    }
}
