package io.nightjar.storage.index;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;

/**
 * The fragment index: the {@code fragments} column family (prefix: the camera key), key
 * {@code camera key u32, startMicros i64} → {@link FragmentRecord#encode() the fragment's place}
 * (file id, offset, length, duration, frames, whether it starts with a keyframe). Finding any
 * second of footage is one seek here. Thread-safe.
 */
public final class FragmentRecords {
    /** How far around a file's own range its fragments are looked for (clock steps at its edges). */
    private static final long FILE_EDGE_MICROS = 2_000_000L;

    private final IndexDb db;
    private final TimeIndex index;
    private final FileRecords files;
    private final ColumnFamilyHandle fragments;

    FragmentRecords(IndexDb db, TimeIndex index, FileRecords files, ColumnFamilyHandle fragments) {
        this.db = db;
        this.index = index;
        this.files = files;
        this.fragments = fragments;
    }

    /** Adds a fragment to a batch of the writer or of recovery. */
    void add(WriteBatch b, FragmentRecord f) throws RocksDBException {
        b.put(fragments, key(f), f.encode());
    }

    /** The fragment containing {@code t}, or the last one starting before it; null if none. */
    public FragmentRecord locate(String camera, long t) {
        int cam = index.existingCameraKey(camera);
        if (cam < 0) {
            return null;
        }
        try (ReadOptions ro = new ReadOptions().setPrefixSameAsStart(true); RocksIterator it = db.iterator(fragments, ro)) {
            it.seekForPrev(Keys.camTime(cam, t));
            if (!it.isValid() || Keys.getInt(it.key(), 0) != cam) {
                return null;
            }
            return FragmentRecord.decode(camera, Keys.getLong(it.key(), 4), it.value());
        }
    }

    /** The last key fragment starting at or before {@code t}; null if none. */
    public FragmentRecord locateKey(String camera, long t) {
        int cam = index.existingCameraKey(camera);
        if (cam < 0) {
            return null;
        }
        try (ReadOptions ro = new ReadOptions().setPrefixSameAsStart(true); RocksIterator it = db.iterator(fragments, ro)) {
            for (it.seekForPrev(Keys.camTime(cam, t)); it.isValid() && Keys.getInt(it.key(), 0) == cam; it.prev()) {
                FragmentRecord f = FragmentRecord.decode(camera, Keys.getLong(it.key(), 4), it.value());
                if (f.key()) {
                    return f;
                }
            }
        }
        return null;
    }

    /**
     * Where playback or export of {@code [from, ...)} must start: the last keyframe fragment at or
     * before {@code from} when footage covers {@code from}, else {@code from} itself (the range
     * starts in a gap and the footage after it starts with its own keyframe).
     */
    public long playbackStart(String camera, long from) {
        FragmentRecord at = locate(camera, from);
        if (at == null || at.endMicros() <= from) {
            return from;
        }
        FragmentRecord key = locateKey(camera, from);
        return key != null && key.fileId() == at.fileId() ? key.startMicros() : at.startMicros();
    }

    /** Fragments of a camera starting in {@code [from, to)}, in time order, visited without a list until the visitor says stop. */
    public void forEach(String camera, long from, long to, Predicate<FragmentRecord> visitor) {
        int cam = index.existingCameraKey(camera);
        if (cam < 0 || to <= from) {
            return;
        }
        try (Slice upper = new Slice(Keys.camTime(cam, to));
             ReadOptions ro = new ReadOptions().setIterateUpperBound(upper).setPrefixSameAsStart(true);
             RocksIterator it = db.iterator(fragments, ro)) {
            for (it.seek(Keys.camTime(cam, Math.max(0, from))); it.isValid(); it.next()) {
                if (!visitor.test(FragmentRecord.decode(camera, Keys.getLong(it.key(), 4), it.value()))) {
                    return;
                }
            }
        }
    }

    /** Fragments of a camera starting in {@code [from, to)}, in time order. */
    public List<FragmentRecord> range(String camera, long from, long to) {
        List<FragmentRecord> out = new ArrayList<>();
        forEach(camera, from, to, out::add);
        return out;
    }

    /** The fragments indexed for a file (its time range, filtered by file id). */
    public List<FragmentRecord> of(FileRecord f) {
        List<FragmentRecord> out = new ArrayList<>();
        forEach(f.camera(), f.startMicros() - FILE_EDGE_MICROS, f.endMicros() + FILE_EDGE_MICROS, fr -> {
            if (fr.fileId() == f.id()) {
                out.add(fr);
            }
            return true;
        });
        return out;
    }

    /** Deletes the given fragments and rewrites the file record (when not null) in one atomic, synced write. */
    public void delete(List<FragmentRecord> list, FileRecord fileUpdate) {
        try (WriteBatch b = new WriteBatch()) {
            for (FragmentRecord f : list) {
                b.delete(fragments, key(f));
            }
            if (fileUpdate != null) {
                files.update(b, fileUpdate);
            }
            db.write(b, true, "delete " + list.size() + " fragments");
        } catch (RocksDBException e) {
            throw db.fail("delete " + list.size() + " fragments", e);
        }
    }

    private byte[] key(FragmentRecord f) {
        return Keys.camTime(index.cameraKey(f.camera()), f.startMicros());
    }
}
