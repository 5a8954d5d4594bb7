package io.nightjar.storage.index;

import io.nightjar.storage.StorageException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;

/**
 * The RocksDB time index of one data directory (opened once: RocksDB's lock file refuses a second
 * process): its schema version and upgrades, camera keys and id counters, and one store per
 * family ({@link #files()}, {@link #fragments()}, {@link #events()}, {@link #motion()},
 * {@link #holds()}, {@link #bookmarks()}, {@link #audit()}). Thread-safe. Every native object is
 * closed in {@link #close()}.
 */
public final class TimeIndex implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TimeIndex.class);
    /**
     * Version of the key and record layouts; a newer directory is refused, never misread. 5: file
     * records carry the cluster assignment epoch (file record version 3); 4: holds,
     * bookmarks and audit entries binary ({@code HoldCodec}, {@link BookmarkCodec}, {@link AuditCodec});
     * 3: event snapshots in their own family ({@link EventRecords}), event records binary; 2: file
     * records carry their end's kind ({@link FileEnd}); 1: only its sentence. An older index is
     * upgraded in place when opened for writing: 1 → 2, 3 → 4 and 4 → 5 change nothing stored (the older
     * records carry their own version and stay readable as they are; only an older Nightjar, which
     * could not read the new ones, must refuse the index), 2 → 3 rewrites the event records.
     */
    public static final int SCHEMA_VERSION = 5;

    static final String[] FAMILIES = {"default", "files", "files_by_time", "fragments", "events", "motion", "holds",
        "bookmarks", "audit", "motion_minutes", "event_ids", "event_snapshots"};

    static {
        RocksDB.loadLibrary();
    }

    private final Path dir;
    private final RocksDB db;
    private final DBOptions dbOptions;
    private final List<ColumnFamilyOptions> cfOptions = new ArrayList<>();
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();
    /** Block cache: data, index and filter blocks, and (charged to it) the memtables. */
    static final long CACHE_BYTES = 128L << 20;
    /** All memtables together. */
    static final long MEMTABLE_BYTES = 64L << 20;

    private final LRUCache cache;
    private final WriteBufferManager writeBuffers;
    private final BloomFilter bloom;
    private final WriteOptions noSync;
    private final WriteOptions sync;
    private final ColumnFamilyHandle meta;
    private final IndexDb store;
    private final FileRecords fileRecords;
    private final FragmentRecords fragmentRecords;
    private final EventRecords eventRecords;
    private final MotionRecords motionRecords;
    private final IdRecords holdRecords;
    private final BookmarkStore bookmarkRecords;
    private final AuditRecords auditRecords;
    private final Map<String, Integer> cameraKeys = new ConcurrentHashMap<>();
    private final Map<Integer, String> cameraNames = new ConcurrentHashMap<>();
    private long nextFileId;

    private TimeIndex(Path dir) throws RocksDBException {
        this(dir, null);
    }

    /** @param secondary null: the primary, read-write; else a read-only secondary instance keeping its own files there */
    private TimeIndex(Path dir, Path secondary) throws RocksDBException {
        this.dir = dir;
        this.readOnly = secondary != null;
        // Memory is bounded, so that a server's resident size stays flat however long it runs: one
        // block cache holds data, index and filter blocks, and the memtables of every column family
        // are charged to it (a write buffer manager), instead of 64 MB of memtable per family.
        this.cache = new LRUCache(CACHE_BYTES);
        this.writeBuffers = new WriteBufferManager(MEMTABLE_BYTES, cache);
        this.bloom = new BloomFilter(10);
        this.dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
                .setMaxOpenFiles(512).setKeepLogFileNum(3).setMaxTotalWalSize(256L << 20)
                .setWriteBufferManager(writeBuffers);
        List<String> present = secondary == null ? List.of(FAMILIES) : existingFamilies(dir);
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        for (String name : present) {
            BlockBasedTableConfig table = new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(bloom)
                    .setWholeKeyFiltering(false).setCacheIndexAndFilterBlocks(true)
                    .setPinL0FilterAndIndexBlocksInCache(true);
            ColumnFamilyOptions o = new ColumnFamilyOptions().setTableFormatConfig(table)
                    .setCompressionType(CompressionType.LZ4_COMPRESSION).setWriteBufferSize(MEMTABLE_BYTES / 4);
            if (name.equals("fragments") || name.equals("files_by_time") || name.equals("events") || name.equals("motion")
                    || name.equals("motion_minutes")) {
                o.useFixedLengthPrefixExtractor(4);
                o.setMemtablePrefixBloomSizeRatio(0.05);
            }
            cfOptions.add(o);
            descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), o));
        }
        if (secondary == null) {
            this.db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
        } else {
            dbOptions.setCreateIfMissing(false).setCreateMissingColumnFamilies(false).setMaxOpenFiles(-1);
            this.db = RocksDB.openAsSecondary(dbOptions, dir.toString(), secondary.toString(), descriptors, handles);
        }
        Map<String, ColumnFamilyHandle> byName = new java.util.HashMap<>();
        for (int i = 0; i < present.size(); i++) {
            byName.put(present.get(i), handles.get(i));
        }
        this.meta = byName.get("default");
        this.noSync = new WriteOptions();
        this.sync = new WriteOptions().setSync(true);
        this.store = new IndexDb(db, dir, noSync, sync);
        this.fileRecords = new FileRecords(store, this, byName.get("files"), byName.get("files_by_time"));
        this.fragmentRecords = new FragmentRecords(store, this, fileRecords, byName.get("fragments"));
        // null only in a read-only view of an index from before schema 3 (whose snapshots are still inline)
        this.eventRecords = new EventRecords(store, this, byName.get("events"), byName.get("event_ids"),
                byName.get("event_snapshots"));
        this.motionRecords = new MotionRecords(store, this, byName.get("motion"), byName.get("motion_minutes"));
        this.holdRecords = new IdRecords(store, byName.get("holds"));
        this.bookmarkRecords = new BookmarkStore(new IdRecords(store, byName.get("bookmarks")));
        this.auditRecords = new AuditRecords(store, byName.get("audit"));
    }

    /** The families a read-only view can open: those the primary made (an older schema may lack some). */
    private static List<String> existingFamilies(Path dir) throws RocksDBException {
        List<String> out = new ArrayList<>();
        try (Options o = new Options()) {
            java.util.Set<String> there = new java.util.HashSet<>();
            for (byte[] name : RocksDB.listColumnFamilies(o, dir.toString())) {
                there.add(new String(name, StandardCharsets.UTF_8));
            }
            for (String f : FAMILIES) {
                if (there.contains(f)) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    /** The analytics events (records, ids, snapshots). */
    public EventRecords events() {
        return eventRecords;
    }

    /** Motion grids by second and by minute (smart search). */
    public MotionRecords motion() {
        return motionRecords;
    }

    /** Evidence holds by id (their values are {@code HoldStore}'s, beside the {@code Hold} it owns). */
    public IdRecords holds() {
        return holdRecords;
    }

    /** Bookmarks by id. */
    public BookmarkStore bookmarks() {
        return bookmarkRecords;
    }

    /** The audit trail in time order. */
    public AuditRecords audit() {
        return auditRecords;
    }

    /**
     * Opens (or creates) the index in {@code dir}.
     *
     * @throws StorageException if the directory is locked by another process, from a newer schema,
     *                          or not a RocksDB directory
     */
    public static TimeIndex open(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new StorageException("cannot create the index directory " + dir + ": " + e.getMessage(), e);
        }
        checkSchemaBeforeOpen(dir);
        TimeIndex index;
        try {
            index = new TimeIndex(dir);
        } catch (RocksDBException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("lock") || m.contains("LOCK")) {
                throw new StorageException("the index at " + dir + " is in use by another Nightjar process (" + m + ")", e);
            }
            throw new StorageException("cannot open the index at " + dir + ": " + m, e);
        }
        return withMeta(index);
    }

    /**
     * Opens the index read-only, beside a server that may have it open for writing (a RocksDB
     * secondary instance: it reads the primary's files and logs and never writes them; RocksDB
     * refuses every write). {@code scratch} is a directory of its own for the secondary's log.
     * For {@code verify} and other inspection that must not change a store.
     *
     * @throws StorageException if there is no index there, or it is from a newer schema
     */
    public static TimeIndex openReadOnly(Path dir, Path scratch) {
        if (!Files.exists(dir.resolve("CURRENT"))) {
            throw new StorageException("there is no index at " + dir);
        }
        checkSchemaBeforeOpen(dir);
        TimeIndex index;
        try {
            Files.createDirectories(scratch);
            index = new TimeIndex(dir, scratch);
        } catch (java.io.IOException | RocksDBException e) {
            throw new StorageException("cannot open the index at " + dir + " read-only: " + e.getMessage(), e);
        }
        return withMeta(index);
    }

    /** Reads the index's metadata, closing it if that fails. */
    private static TimeIndex withMeta(TimeIndex index) {
        try {
            index.initMeta();
        } catch (RuntimeException e) {
            index.close();
            throw e;
        }
        return index;
    }

    /** True for an index opened with {@link #openReadOnly}. */
    public boolean readOnly() {
        return readOnly;
    }

    /** A read-only index: reads what the primary wrote since it was opened (or last caught up). */
    public void catchUp() {
        if (!readOnly) {
            return;
        }
        try {
            db.tryCatchUpWithPrimary();
        } catch (RocksDBException e) {
            throw fail("catch up with the primary", e);
        }
        cameraKeys.clear();
        cameraNames.clear();
        initMeta();
    }

    private final boolean readOnly;

    /** Reads the schema version with a read-only open first, so a newer layout is never touched. */
    private static void checkSchemaBeforeOpen(Path dir) {
        if (!Files.exists(dir.resolve("CURRENT"))) {
            return;
        }
        try (Options o = new Options(); RocksDB ro = RocksDB.openReadOnly(o, dir.toString())) {
            byte[] v = ro.get("schema_version".getBytes(StandardCharsets.US_ASCII));
            if (v != null && v.length == 4 && Keys.getInt(v, 0) > SCHEMA_VERSION) {
                throw new StorageException("the index at " + dir + " has schema version " + Keys.getInt(v, 0)
                        + " but this Nightjar understands up to " + SCHEMA_VERSION
                        + ": it was written by a newer Nightjar; run that version (nothing was changed)");
            }
        } catch (RocksDBException e) {
            // column families other than default make a plain read-only open fail; the full open checks again
        }
    }

    private void initMeta() {
        byte[] v = get(meta, ascii("schema_version"));
        if (v == null && readOnly) {
            throw new StorageException("the index at " + dir + " has no schema version: not a Nightjar index");
        }
        if (v == null) {
            put(meta, ascii("schema_version"), intBytes(SCHEMA_VERSION), true);
        } else if (Keys.getInt(v, 0) > SCHEMA_VERSION) {
            throw new StorageException("the index at " + dir + " has schema version " + Keys.getInt(v, 0)
                    + " but this Nightjar understands up to " + SCHEMA_VERSION + ": it was written by a newer Nightjar");
        } else if (Keys.getInt(v, 0) < SCHEMA_VERSION && !readOnly) {
            // 1 → 2: file records are written in version 2 from now on (version-1 records are still read),
            // so a Nightjar that reads only version 1 must refuse this index rather than fail on a record.
            // 3 → 4: holds, bookmarks and audit entries are written binary from now on (JSON ones are still read).
            // 4 → 5: file records are written in version 3 (with the epoch) from now on (versions 1 and 2 are still read).
            // 2 → 3: event records rewritten, snapshots moved to their own family; the version is raised
            // only once that is done, so an upgrade cut short is finished at the next open.
            long rewritten = eventRecords.upgradeVersion1Records();
            LOG.info("index at {}: schema version {} upgraded to {} ({} event records rewritten)", dir, Keys.getInt(v, 0),
                    SCHEMA_VERSION, rewritten);
            put(meta, ascii("schema_version"), intBytes(SCHEMA_VERSION), true);
        }
        byte[] now = get(meta, ascii("schema_version"));
        schemaVersion = Keys.getInt(now, 0);
        byte[] n = get(meta, ascii("next_file_id"));
        nextFileId = n == null ? 1 : Keys.getLong(n, 0);
        try (RocksIterator it = db.newIterator(meta)) {
            byte[] prefix = ascii("camera/");
            for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
                String name = new String(it.key(), prefix.length, it.key().length - prefix.length, StandardCharsets.UTF_8);
                int key = Keys.getInt(it.value(), 0);
                cameraKeys.put(name, key);
                cameraNames.put(key, name);
            }
        }
    }

    public Path directory() {
        return dir;
    }

    private volatile int schemaVersion;

    /** The schema version of the index as opened ({@link #SCHEMA_VERSION} once upgraded; a read-only view keeps the stored one). */
    public int schemaVersion() {
        return schemaVersion;
    }

    // ------------------------------------------------------------------ cameras and ids

    /** The numeric key of a camera, assigned (durably) on first use. */
    public int cameraKey(String camera) {
        Integer k = cameraKeys.get(camera);
        if (k != null) {
            return k;
        }
        synchronized (this) {
            k = cameraKeys.get(camera);
            if (k != null) {
                return k;
            }
            byte[] n = get(meta, ascii("camera_next"));
            int next = n == null ? 1 : Keys.getInt(n, 0);
            try (WriteBatch b = new WriteBatch()) {
                b.put(meta, ascii("camera/" + camera), intBytes(next));
                b.put(meta, ascii("camera_next"), intBytes(next + 1));
                db.write(sync, b);
            } catch (RocksDBException e) {
                throw fail("assign a key to camera " + camera, e);
            }
            cameraKeys.put(camera, next);
            cameraNames.put(next, camera);
            return next;
        }
    }

    /** The camera key if the camera was ever recorded, else -1 (queries on it find nothing). */
    public int existingCameraKey(String camera) {
        Integer k = cameraKeys.get(camera);
        return k == null ? -1 : k;
    }

    public List<String> cameras() {
        return new ArrayList<>(cameraKeys.keySet());
    }

    /**
     * A new file id, written before it is handed out so ids never repeat after a crash. Not synced:
     * the write-ahead log keeps order, so any record that uses the id is durable only after the
     * counter is (the syncer thread syncs the log at most a second behind).
     */
    public synchronized long newFileId() {
        long id = nextFileId++;
        put(meta, ascii("next_file_id"), longBytes(nextFileId), false);
        return id;
    }

    /** Segment-file records, by id and by camera and start time. */
    public FileRecords files() {
        return fileRecords;
    }

    /** The fragment index: where every second of footage is. */
    public FragmentRecords fragments() {
        return fragmentRecords;
    }

    /** Compacts every column family (after bulk loads, so reads see a settled LSM tree). */
    public void compact() {
        try {
            for (ColumnFamilyHandle h : handles) {
                db.compactRange(h);
            }
        } catch (RocksDBException e) {
            throw fail("compact", e);
        }
    }

    /**
     * A batch of index changes committed at once, across families: the writer's per-ring-batch
     * commit of fragments and the file records they extend, and recovery's re-indexing.
     */
    public final class Batch implements AutoCloseable {
        private final WriteBatch batch = new WriteBatch();
        private int count;

        public void addFragment(FragmentRecord f) {
            try {
                fragmentRecords.add(batch, f);
                count++;
            } catch (RocksDBException e) {
                throw fail("batch fragment", e);
            }
        }

        public void updateFile(FileRecord f) {
            try {
                fileRecords.update(batch, f);
                count++;
            } catch (RocksDBException e) {
                throw fail("batch file record", e);
            }
        }

        public int size() {
            return count;
        }

        /** Writes the batch (WAL not synced here: the syncer thread syncs it with the files). */
        public void commit() {
            if (count == 0) {
                return;
            }
            store.write(batch, false, "commit " + count + " index entries");
            batch.clear();
            count = 0;
        }

        @Override
        public void close() {
            batch.close();
        }
    }

    public Batch newBatch() {
        return new Batch();
    }

    /** A named counter in meta (ids for holds, events, audit), durably incremented. */
    public synchronized long nextId(String name) {
        byte[] k = ascii("counter/" + name);
        byte[] v = get(meta, k);
        long next = v == null ? 1 : Keys.getLong(v, 0);
        put(meta, k, longBytes(next + 1), false);
        return next;
    }

    // ------------------------------------------------------------------ durability and lifecycle

    /** Syncs the write-ahead log (called by the syncer thread after it fsynced the segment files). */
    public void syncWal() {
        try {
            db.flushWal(true);
        } catch (RocksDBException e) {
            throw fail("sync the write-ahead log", e);
        }
    }

    /** Flushes memtables after many deletions (RocksDB advice for range-delete heavy workloads). */
    public void flush() {
        try (org.rocksdb.FlushOptions fo = new org.rocksdb.FlushOptions().setWaitForFlush(true)) {
            db.flush(fo, handles);
        } catch (RocksDBException e) {
            throw fail("flush", e);
        }
    }

    @Override
    public void close() {
        try {
            if (!readOnly) {
                db.flushWal(true);
            }
        } catch (RocksDBException e) {
            // closing anyway
        }
        for (ColumnFamilyHandle h : handles) {
            h.close();
        }
        db.close();
        dbOptions.close();
        for (ColumnFamilyOptions o : cfOptions) {
            o.close();
        }
        noSync.close();
        sync.close();
        bloom.close();
        writeBuffers.close();
        cache.close();
    }

    // ------------------------------------------------------------------ helpers

    private byte[] get(ColumnFamilyHandle cf, byte[] key) {
        return store.get(cf, key);
    }

    private void put(ColumnFamilyHandle cf, byte[] key, byte[] value, boolean durable) {
        store.put(cf, key, value, durable);
    }

    private StorageException fail(String what, RocksDBException e) {
        return store.fail(what, e);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] intBytes(int v) {
        byte[] b = new byte[4];
        Keys.putInt(b, 0, v);
        return b;
    }

    private static byte[] longBytes(long v) {
        byte[] b = new byte[8];
        Keys.putLong(b, 0, v);
        return b;
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** For names in messages. */
    public String cameraName(int key) {
        return cameraNames.get(key);
    }
}
