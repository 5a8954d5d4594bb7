package io.nightjar.storage.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stores of files and fragments on a real RocksDB: what each query finds, and what a batch or delete leaves. */
class FileAndFragmentRecordsTest {
    private static final long T0 = 1_780_000_000_000_000L;
    private static final long S = 1_000_000L;

    @TempDir
    Path dir;

    @Test
    void filesAreFoundByIdAndByTimeAndACameraOthersNeverRecordedHasNone() {
        try (TimeIndex index = TimeIndex.open(dir)) {
            FileRecords files = index.files();
            files.put(file(1, "yard", T0, T0 + 60 * S));
            files.put(file(2, "yard", T0 + 60 * S, T0 + 120 * S));
            files.put(file(3, "gate", T0, T0 + 60 * S));
            assertThat(files.get(2).startMicros()).isEqualTo(T0 + 60 * S);
            assertThat(files.get(99)).isNull();
            assertThat(files.of("yard")).extracting(FileRecord::id).containsExactly(1L, 2L);
            assertThat(files.overlapping("yard", T0 + 30 * S, T0 + 61 * S)).extracting(FileRecord::id).containsExactly(1L, 2L);
            assertThat(files.overlapping("yard", T0 + 60 * S, T0 + 61 * S)).as("a file ending where the range starts is not in it")
                    .extracting(FileRecord::id).containsExactly(2L);
            assertThat(files.of("never")).isEmpty();
            assertThat(files.all()).extracting(FileRecord::id).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void theOldestFirstCursorTellsTheNextStartWithoutReadingARecord() {
        try (TimeIndex index = TimeIndex.open(dir)) {
            FileRecords files = index.files();
            List<FileRecord> bulk = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                bulk.add(file(10 - i, "yard", T0 + i * 60 * S, T0 + (i + 1) * 60 * S));
            }
            files.putAll(bulk);
            long before = files.recordsRead();
            try (FileRecords.Cursor c = files.oldestFirst("yard")) {
                assertThat(c.nextStartMicros()).isEqualTo(T0);
                assertThat(files.recordsRead()).as("the start came from the key").isEqualTo(before);
                assertThat(c.next().id()).isEqualTo(10);
                assertThat(c.next().id()).isEqualTo(9);
                assertThat(files.recordsRead()).isEqualTo(before + 2);
            }
            try (FileRecords.Cursor none = files.oldestFirst("never")) {
                assertThat(none.hasNext()).isFalse();
                assertThat(none.next()).isNull();
            }
        }
    }

    @Test
    void aDeletingFileIsLeftOutOfTimeQueriesAndADeletedOneIsGoneFromBoth() {
        try (TimeIndex index = TimeIndex.open(dir)) {
            FileRecords files = index.files();
            FileRecord one = file(1, "yard", T0, T0 + 60 * S);
            files.put(one);
            files.put(file(2, "yard", T0 + 60 * S, T0 + 120 * S));
            index.fragments().delete(List.of(), one.deleting());
            assertThat(files.of("yard")).extracting(FileRecord::id).containsExactly(2L);
            assertThat(files.get(1).state()).isEqualTo(FileRecord.State.DELETING);
            files.delete(files.get(1));
            assertThat(files.get(1)).isNull();
            try (FileRecords.Cursor c = files.oldestFirst("yard")) {
                assertThat(c.next().id()).as("no time entry is left behind").isEqualTo(2);
            }
        }
    }

    @Test
    void fragmentsAreLocatedAndPlaybackStartsAtTheKeyframeBeforeTheAskedTime() {
        try (TimeIndex index = TimeIndex.open(dir)) {
            FileRecord f = file(1, "yard", T0, T0 + 4 * S);
            index.files().put(f);
            try (TimeIndex.Batch b = index.newBatch()) {
                b.addFragment(fragment(1, T0, true));
                b.addFragment(fragment(1, T0 + S, false));
                b.addFragment(fragment(1, T0 + 2 * S, true));
                b.addFragment(fragment(1, T0 + 3 * S, false));
                b.updateFile(f.withProgress(T0 + 4 * S, 4000, 4));
                assertThat(b.size()).isEqualTo(5);
                b.commit();
            }
            FragmentRecords fragments = index.fragments();
            assertThat(index.files().get(1).fragments()).as("the batch rewrote the file record").isEqualTo(4);
            assertThat(fragments.locate("yard", T0 + 3 * S + 500_000).startMicros()).isEqualTo(T0 + 3 * S);
            assertThat(fragments.locate("yard", T0 - 1)).isNull();
            assertThat(fragments.locate("gate", T0)).as("another camera's fragments are not found").isNull();
            assertThat(fragments.locateKey("yard", T0 + 3 * S + 500_000).startMicros()).isEqualTo(T0 + 2 * S);
            assertThat(fragments.playbackStart("yard", T0 + S + 10)).isEqualTo(T0);
            assertThat(fragments.playbackStart("yard", T0 + 10 * S)).as("in a gap: the asked time itself").isEqualTo(T0 + 10 * S);
            assertThat(fragments.range("yard", T0 + S, T0 + 3 * S)).extracting(FragmentRecord::startMicros)
                    .containsExactly(T0 + S, T0 + 2 * S);
            List<Long> firstTwo = new ArrayList<>();
            fragments.forEach("yard", 0, Long.MAX_VALUE, fr -> firstTwo.add(fr.startMicros()) && firstTwo.size() < 2);
            assertThat(firstTwo).as("the visitor stops the walk").hasSize(2);
            assertThat(fragments.of(f)).hasSize(4);
        }
    }

    @Test
    void deletingFragmentsAndRewritingTheirFileIsOneWrite() {
        try (TimeIndex index = TimeIndex.open(dir)) {
            FileRecord f = file(1, "yard", T0, T0 + 2 * S);
            index.files().put(f);
            try (TimeIndex.Batch b = index.newBatch()) {
                b.addFragment(fragment(1, T0, true));
                b.addFragment(fragment(1, T0 + S, false));
                b.commit();
            }
            index.fragments().delete(index.fragments().of(f), f.deleting());
            assertThat(index.fragments().range("yard", 0, Long.MAX_VALUE)).isEmpty();
            assertThat(index.files().get(1).state()).isEqualTo(FileRecord.State.DELETING);
        }
        try (TimeIndex reopened = TimeIndex.open(dir)) {
            assertThat(reopened.fragments().range("yard", 0, Long.MAX_VALUE)).as("durable").isEmpty();
            assertThat(reopened.files().get(1).state()).isEqualTo(FileRecord.State.DELETING);
        }
    }

    private static FileRecord file(long id, String camera, long start, long end) {
        return new FileRecord(id, camera, camera + "/" + id + ".mp4", start, end, 1000, FileRecord.State.CLOSED, null,
                "avc1.640028", 700, 1, FileEnd.of(FileEnd.Kind.ROTATION, "rotation"), 0);
    }

    private static FragmentRecord fragment(long fileId, long start, boolean key) {
        return new FragmentRecord("yard", start, fileId, 700 + (start - T0) / 1000, 1000, (int) S, 25, key);
    }
}
