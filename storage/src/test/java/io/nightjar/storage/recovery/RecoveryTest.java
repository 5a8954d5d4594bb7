package io.nightjar.storage.recovery;

import static io.nightjar.storage.testing.Times.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nightjar.recorder.testing.TestClips;
import io.nightjar.recorder.testing.Tools;
import io.nightjar.storage.Storage;
import io.nightjar.storage.StorageConfig;
import io.nightjar.storage.StorageException;
import io.nightjar.storage.index.FileRecord;
import io.nightjar.storage.index.FragmentRecord;
import io.nightjar.storage.index.TimeIndex;
import io.nightjar.storage.testing.StorageFixture;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What start-up recovery does with each kind of damage a crash or power cut leaves. */
class RecoveryTest {
    @TempDir
    Path dir;

    static final TestClips.Clip CLIP = TestClips.h264(640, 360, 25, 25, 2);

    /** Records 5 s of one camera, closes cleanly, returns the file. */
    private FileRecord record(int frames) throws Exception {
        StorageFixture fx = new StorageFixture(dir);
        fx.feeder("cam1", CLIP).feed(T0, frames, true);
        fx.close();
        try (TimeIndex index = TimeIndex.open(dir.resolve(".nightjar/index"))) {
            return index.files().all().get(0);
        }
    }

    private long firstFragmentOffset(FileRecord f) {
        try (TimeIndex index = TimeIndex.open(dir.resolve(".nightjar/index"))) {
            return index.fragments().of(f).get(0).offset();
        }
    }

    /** The cluster epoch the rewound open file was recorded under: recovery must keep it. */
    static final long EPOCH = 7;

    /** Rewinds the index as if the last commits never happened and the file was still open (recorded under {@link #EPOCH}). */
    private void forgetLastFragments(FileRecord f, int keep) {
        try (TimeIndex index = TimeIndex.open(dir.resolve(".nightjar/index"))) {
            List<FragmentRecord> frs = index.fragments().of(f);
            List<FragmentRecord> forget = frs.subList(keep, frs.size());
            FragmentRecord lastKept = frs.get(keep - 1);
            FileRecord open = new FileRecord(f.id(), f.camera(), f.path(), f.startMicros(), lastKept.endMicros(),
                    lastKept.offset() + lastKept.length(), FileRecord.State.OPEN, null, f.codec(), f.initLength(), keep, null, EPOCH);
            index.fragments().delete(forget, open);
        }
    }

    @Test
    void fragmentsWrittenButNotIndexedAreIndexedAndATornTailIsTruncated() throws Exception {
        FileRecord f = record(125);
        forgetLastFragments(f, 2);
        Path file = dir.resolve(f.path());
        long goodSize = Files.size(file);
        int firstFragment = (int) firstFragmentOffset(f);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            byte[] whole = Files.readAllBytes(file); // the start of a fragment, cut by the crash
            ch.write(java.nio.ByteBuffer.wrap(java.util.Arrays.copyOfRange(whole, firstFragment, firstFragment + 5000)));
        }
        try (Storage s = Storage.open(StorageConfig.defaults(dir))) {
            assertThat(s.recoveryActions()).anyMatch(a -> a.startsWith("indexed 3 complete fragments"));
            assertThat(s.recoveryActions()).anyMatch(a -> a.startsWith("truncated a torn tail"));
            assertThat(Files.size(file)).isEqualTo(goodSize);
            FileRecord r = s.index().files().get(f.id());
            assertThat(r.state()).isEqualTo(FileRecord.State.CLOSED);
            assertThat(r.fragments()).isEqualTo(5);
            assertThat(r.epoch()).as("the epoch the file was recorded under survives the crash").isEqualTo(EPOCH);
            assertThat(r.end().kind()).isEqualTo(io.nightjar.storage.index.FileEnd.Kind.RESTART);
            assertThat(r.end().detail()).startsWith("restart");
            assertThat(s.index().fragments().of(r)).hasSize(5);
            s.hasher().awaitIdle(10_000);
            assertThat(s.verify(null, 0, Long.MAX_VALUE).format()).contains("1 ok");
        }
        assertThat(Tools.decodeErrors(List.of(), file.toString())).isEmpty();
    }

    @Test
    void indexEntriesWhoseBytesAreMissingAreRemoved() throws Exception {
        FileRecord f = record(125);
        Path file = dir.resolve(f.path());
        try (TimeIndex index = TimeIndex.open(dir.resolve(".nightjar/index"))) {
            FragmentRecord third = index.fragments().of(f).get(2);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(third.offset() + 10); // a power cut took the tail
            }
        }
        try (Storage s = Storage.open(StorageConfig.defaults(dir))) {
            assertThat(s.recoveryActions()).anyMatch(a -> a.startsWith("removed 3 index entries") && a.contains("lost"));
            assertThat(s.index().fragments().of(s.index().files().get(f.id()))).hasSize(2);
            assertThat(Files.size(file)).as("the partial fragment is cut off").isEqualTo(s.index().files().get(f.id()).bytes());
        }
        assertThat(Tools.decodeErrors(List.of(), file.toString())).isEmpty();
    }

    /** Found by SegmentFileFuzz: the init cut short was an I/O error, not damage, and the file stayed open for good. */
    @Test
    void aFileCutInsideItsInitSegmentIsRemovedNotLeftOpen() throws Exception {
        FileRecord f = record(50);
        Path file = dir.resolve(f.path());
        try (TimeIndex index = TimeIndex.open(dir.resolve(".nightjar/index"))) {
            FileRecord open = new FileRecord(f.id(), f.camera(), f.path(), f.startMicros(), f.startMicros(), 0,
                    FileRecord.State.OPEN, null, f.codec(), f.initLength(), 0, null, 0);
            index.fragments().delete(index.fragments().of(f), open); // the crash came while the init segment was written
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(f.initLength() - 10);
        }
        try (Storage s = Storage.open(StorageConfig.defaults(dir))) {
            assertThat(s.recoveryActions()).anyMatch(a -> a.contains("init segment is unreadable") && a.contains("cut off"));
            assertThat(s.index().files().all()).isEmpty();
            assertThat(Files.exists(file)).isFalse();
        }
    }

    @Test
    void aMissingFileTakesItsIndexEntriesWithIt() throws Exception {
        FileRecord f = record(50);
        Files.delete(dir.resolve(f.path()));
        try (Storage s = Storage.open(StorageConfig.defaults(dir))) {
            assertThat(s.recoveryActions()).anyMatch(a -> a.contains("its file is missing"));
            assertThat(s.index().files().all()).isEmpty();
            assertThat(s.index().fragments().range("cam1", 0, Long.MAX_VALUE)).isEmpty();
        }
    }

    @Test
    void unknownSegmentFilesAreAdoptedAndGarbageIsRemoved() throws Exception {
        FileRecord f = record(75);
        Path file = dir.resolve(f.path());
        Path copy = dir.resolve("cam2/2026/11/28/20261128T100000.000000Z.mp4");
        Files.createDirectories(copy.getParent());
        Files.copy(file, copy);
        Path garbage = dir.resolve("cam2/2026/11/28/junk.mp4");
        Files.writeString(garbage, "not a video");
        try (Storage s = Storage.open(StorageConfig.defaults(dir))) {
            assertThat(s.recoveryActions()).anyMatch(a -> a.startsWith("adopted unknown file") && a.contains("cam2") && a.contains("3 fragments"));
            assertThat(s.recoveryActions()).anyMatch(a -> a.startsWith("removed unknown file") && a.contains("junk.mp4"));
            assertThat(s.index().fragments().range("cam2", 0, Long.MAX_VALUE)).hasSize(3);
            assertThat(Files.exists(garbage)).isFalse();
        }
    }

    @Test
    void anIndexFromANewerSchemaIsRefusedAndLeftUntouched() throws Exception {
        record(25);
        Path indexDir = dir.resolve(".nightjar/index");
        try (org.rocksdb.Options o = new org.rocksdb.Options().setCreateIfMissing(false);
             org.rocksdb.RocksDB db = openDefault(indexDir)) {
            db.put("schema_version".getBytes(), new byte[] {0, 0, 0, 9});
        }
        assertThatThrownBy(() -> Storage.open(StorageConfig.defaults(dir)))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("schema version 9")
                .hasMessageContaining("understands up to " + TimeIndex.SCHEMA_VERSION);
    }

    private static org.rocksdb.RocksDB openDefault(Path indexDir) throws org.rocksdb.RocksDBException {
        java.util.List<org.rocksdb.ColumnFamilyDescriptor> cfs = new java.util.ArrayList<>();
        for (byte[] name : org.rocksdb.RocksDB.listColumnFamilies(new org.rocksdb.Options(), indexDir.toString())) {
            cfs.add(new org.rocksdb.ColumnFamilyDescriptor(name));
        }
        return org.rocksdb.RocksDB.open(new org.rocksdb.DBOptions(), indexDir.toString(), cfs, new java.util.ArrayList<>());
    }

    /**
     * An index written by version 1 (schema 1, file records that kept their end as a sentence) opens:
     * the schema is upgraded to the current one, and the old records read with the kind the sentence meant.
     */
    @Test
    void aVersion1IndexIsUpgradedAndItsFileRecordsRead() throws Exception {
        FileRecord f = record(50);
        Path indexDir = dir.resolve(".nightjar/index");
        try (org.rocksdb.RocksDB db = openDefault(indexDir, true)) {
            org.rocksdb.ColumnFamilyHandle meta = handles.get(names.indexOf("default"));
            org.rocksdb.ColumnFamilyHandle files = handles.get(names.indexOf("files"));
            db.put(meta, "schema_version".getBytes(java.nio.charset.StandardCharsets.US_ASCII), new byte[] {0, 0, 0, 1});
            java.io.ByteArrayOutputStream bo = new java.io.ByteArrayOutputStream();
            java.io.DataOutputStream o = new java.io.DataOutputStream(bo);
            o.writeByte(1); // FileRecord version 1, as today's writer stored it before version 2
            o.writeLong(f.id());
            o.writeUTF(f.camera());
            o.writeUTF(f.path());
            o.writeLong(f.startMicros());
            o.writeLong(f.endMicros());
            o.writeLong(f.bytes());
            o.writeByte(f.state().ordinal());
            o.writeUTF(f.sha256() == null ? "" : f.sha256());
            o.writeUTF(f.codec());
            o.writeInt(f.initLength());
            o.writeInt(f.fragments());
            o.writeUTF("shutdown");
            db.put(files, io.nightjar.storage.index.Keys.id(f.id()), bo.toByteArray());
            handles.forEach(org.rocksdb.ColumnFamilyHandle::close);
        }
        try (Storage s = Storage.open(StorageConfig.defaults(dir))) {
            FileRecord read = s.index().files().get(f.id());
            assertThat(read.end().kind()).isEqualTo(io.nightjar.storage.index.FileEnd.Kind.SHUTDOWN);
            assertThat(read.bytes()).isEqualTo(f.bytes());
            assertThat(s.index().fragments().of(read)).hasSize(f.fragments());
        }
        try (org.rocksdb.RocksDB db = openDefault(indexDir, true)) {
            byte[] v = db.get(handles.get(names.indexOf("default")), "schema_version".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertThat(io.nightjar.storage.index.Keys.getInt(v, 0)).as("upgraded").isEqualTo(TimeIndex.SCHEMA_VERSION);
            handles.forEach(org.rocksdb.ColumnFamilyHandle::close);
        }
    }

    private final java.util.List<org.rocksdb.ColumnFamilyHandle> handles = new java.util.ArrayList<>();
    private final java.util.List<String> names = new java.util.ArrayList<>();

    /** Opens the index with all its column families; {@link #handles} and {@link #names} hold them in order. */
    private org.rocksdb.RocksDB openDefault(Path indexDir, boolean keepHandles) throws org.rocksdb.RocksDBException {
        java.util.List<org.rocksdb.ColumnFamilyDescriptor> cfs = new java.util.ArrayList<>();
        handles.clear();
        names.clear();
        for (byte[] name : org.rocksdb.RocksDB.listColumnFamilies(new org.rocksdb.Options(), indexDir.toString())) {
            cfs.add(new org.rocksdb.ColumnFamilyDescriptor(name));
            names.add(new String(name, java.nio.charset.StandardCharsets.UTF_8));
        }
        return org.rocksdb.RocksDB.open(new org.rocksdb.DBOptions(), indexDir.toString(), cfs, handles);
    }

    @Test
    void aSecondProcessOnTheSameDirectoryIsRefusedClearly() throws Exception {
        record(25);
        try (Storage first = Storage.open(StorageConfig.defaults(dir))) {
            assertThatThrownBy(() -> Storage.open(StorageConfig.defaults(dir))).hasMessageContaining("in use by another Nightjar process");
        }
    }
}
