package io.nightjar.storage.retention;

import static io.nightjar.storage.testing.Times.T0;
import static io.nightjar.storage.testing.Times.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.nightjar.recorder.testing.ClipFeeder;
import io.nightjar.recorder.testing.TestClips;
import io.nightjar.storage.Storage;
import io.nightjar.storage.StorageConfig;
import io.nightjar.storage.index.FileRecord;
import io.nightjar.storage.testing.StorageFixture;
import io.nightjar.storage.writer.WriterSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention rules on real files with tiny quotas, holds, and interrupted deletions. */
class RetentionTest {
    @TempDir
    Path dir;

    static final TestClips.Clip CLIP = TestClips.h264(320, 180, 25, 25, 2);
    static final long MINUTE = seconds(60);

    /** Records cam1 and cam2: six one-minute files each, minute by minute from T0. */
    private void recordSixMinutes() throws Exception {
        StorageFixture fx = new StorageFixture(dir, c -> c.withWriter(WriterSettings.defaults().withSegmentMinutes(1)));
        ClipFeeder a = fx.feeder("cam1", CLIP);
        ClipFeeder b = fx.feeder("cam2", CLIP);
        for (int m = 0; m < 6; m++) {
            a.feed(T0 + m * MINUTE, 1500, true);
            b.feed(T0 + m * MINUTE, 1500, true);
        }
        fx.close();
    }

    private Storage open(RetentionPolicy policy, long nowMicros) {
        AtomicReference<RetentionPolicy> p = new AtomicReference<>(policy);
        return Storage.open(new StorageConfig(dir, WriterSettings.defaults(), p::get, 0, Map.of(), () -> nowMicros, null,
                io.nightjar.recorder.memory.MemoryBudget.unlimited(), true));
    }

    @Test
    void footageOlderThanTheAgeLimitIsDeletedOldestFirst() throws Exception {
        recordSixMinutes();
        long now = T0 + 6 * MINUTE;
        try (Storage s = open(new RetentionPolicy(3 * MINUTE - seconds(1), 0, Map.of(), 0, 0), now)) {
            List<Retention.Deletion> deleted = s.retention().runOnce();
            assertThat(deleted).hasSize(6);
            assertThat(deleted).allMatch(d -> d.reason().startsWith("older than"));
            assertThat(s.index().files().of("cam1")).extracting(FileRecord::startMicros)
                    .containsExactly(T0 + 3 * MINUTE, T0 + 4 * MINUTE, T0 + 5 * MINUTE);
            for (Retention.Deletion d : deleted) {
                assertThat(Files.exists(dir.resolve(d.path()))).isFalse();
            }
            assertThat(s.index().fragments().range("cam1", 0, T0 + 3 * MINUTE)).isEmpty();
            AchievedRetention a = s.retention().achieved("cam1");
            assertThat(a.oldestMicros()).isEqualTo(T0 + 3 * MINUTE);
            assertThat(a.keptSeconds()).isEqualTo(180);
            assertThat(a.files()).isEqualTo(3);
        }
    }

    /**
     * A pass reads the index oldest first and only as far as the rules need: the age rule stops at
     * each camera's first file younger than the limit, and a floor every file system is above costs
     * one free-space query per file system and no file record (a pass used to load and sort every
     * file record of every camera, and ask the file system about each).
     */
    @Test
    void aPassReadsOnlyTheFilesItDeletesAndOneMorePerCamera() throws Exception {
        recordSixMinutes();
        long now = T0 + 6 * MINUTE;
        java.util.concurrent.atomic.AtomicInteger statfs = new java.util.concurrent.atomic.AtomicInteger();
        try (Storage s = open(RetentionPolicy.unlimited(), now)) {
            Retention r = new Retention(s.index(), s.layout(), s.holds(),
                    () -> new RetentionPolicy(3 * MINUTE - seconds(1), 0, Map.of(), 0, 1000), () -> now, p -> {
                        statfs.incrementAndGet();
                        return Long.MAX_VALUE / 2;
                    });
            long before = s.index().files().recordsRead();
            assertThat(r.runOnce()).hasSize(6);
            assertThat(s.index().files().recordsRead() - before).as("records read by a pass deleting 3 files of each of 2 cameras")
                    .isEqualTo(6 + 2);
            before = s.index().files().recordsRead();
            int statfsBefore = statfs.get();
            assertThat(r.runOnce()).isEmpty();
            assertThat(s.index().files().recordsRead() - before).as("records read by a pass with nothing to delete (6 files kept)")
                    .isEqualTo(2);
            assertThat(statfs.get() - statfsBefore).as("free-space queries: the floor for the one file system, then the allowance")
                    .isLessThanOrEqualTo(2);
            r.close();
        }
    }

    @Test
    void aCameraQuotaAndAGlobalQuotaBite() throws Exception {
        recordSixMinutes();
        long fileBytes;
        try (Storage s = open(RetentionPolicy.unlimited(), T0)) {
            fileBytes = s.index().files().of("cam1").get(0).bytes();
        }
        try (Storage s = open(new RetentionPolicy(0, 0, Map.of("cam1", new RetentionPolicy.CameraRule(0, 2 * fileBytes + 10)),
                7 * fileBytes + 10, 0), T0 + 6 * MINUTE)) {
            List<Retention.Deletion> deleted = s.retention().runOnce();
            assertThat(s.index().files().of("cam1")).hasSize(2);
            assertThat(deleted).filteredOn(d -> d.reason().startsWith("camera quota")).hasSize(4);
            assertThat(deleted).filteredOn(d -> d.reason().startsWith("global quota")).singleElement()
                    .satisfies(d -> assertThat(d.camera()).isEqualTo("cam2"));
            long total = s.index().files().of("cam1").stream().mapToLong(FileRecord::bytes).sum()
                    + s.index().files().of("cam2").stream().mapToLong(FileRecord::bytes).sum();
            assertThat(total).isLessThanOrEqualTo(7 * fileBytes + 10);
        }
    }

    @Test
    void aFreeSpaceFloorDeletesTheOldestUntilThereIsRoom() throws Exception {
        recordSixMinutes();
        try (Storage s = open(RetentionPolicy.unlimited(), T0)) {
            // A simulated file system: 100 bytes free, and 300 more for each file deleted. The floor
            // is 1000, and a pass frees a tenth of it beyond (headroom): 1100, so four files go.
            Retention r = new Retention(s.index(), s.layout(), s.holds(),
                    () -> new RetentionPolicy(0, 0, Map.of(), 0, 1000), () -> T0 + 10 * MINUTE,
                    p -> 100 + 300L * (12 - s.index().files().all().size()));
            List<Retention.Deletion> deleted = r.runOnce();
            assertThat(deleted).hasSize(4);
            assertThat(deleted.get(0).startMicros()).isEqualTo(T0);
            assertThat(deleted).allMatch(d -> d.reason().startsWith("free space"));
            r.close();
        }
    }

    /**
     * Between two of the clock's passes (here an hour apart, so none comes), the writer's own
     * reports start a pass once half the margin above the floor is written: on a file system whose
     * free space is what the segment files really take on disk, free space never goes under the
     * floor while recording goes on. Checked after every 10 s of footage (a sixth of a file), once
     * any pass it started has finished.
     */
    @Test
    void theFloorHoldsBetweenPassesBecauseTheWriterStartsOneBeforeItIsReached() throws Exception {
        recordSixMinutes();
        long fileBytes;
        try (Storage s = open(RetentionPolicy.unlimited(), T0)) {
            fileBytes = s.index().files().of("cam1").get(0).bytes();
        }
        long floor = 10 * fileBytes;
        long capacity = footageBytes() + floor + fileBytes * 12 / 10; // starts 1.2 files above the floor
        StorageFixture fx = new StorageFixture(dir, c -> c.withWriter(WriterSettings.defaults().withSegmentMinutes(1)));
        Retention r = new Retention(fx.storage.index(), fx.storage.layout(), fx.storage.holds(),
                () -> new RetentionPolicy(0, 0, Map.of(), 0, floor), () -> T0 + 20 * MINUTE, p -> capacity - footageBytes());
        try {
            r.start(3_600_000);
            fx.storage.writer().onSpaceUse(r::written);
            ClipFeeder cam = fx.feeder("cam1", CLIP);
            long leastFree = Long.MAX_VALUE;
            long t = T0 + 6 * MINUTE;
            for (int chunk = 0; chunk < 36; chunk++) {
                t = cam.feed(t, 250, chunk == 0);
                fx.drain();
                awaitNoPass(r);
                leastFree = Math.min(leastFree, capacity - footageBytes());
            }
            assertThat(leastFree).as("least free space seen while six minutes were recorded (floor %d)", floor)
                    .isGreaterThanOrEqualTo(floor);
            assertThat(r.passesBeforeWriting()).as("passes the writer started").isPositive();
            assertThat(fx.storage.index().files().of("cam2").size()).as("the oldest footage made the room").isLessThan(6);
        } finally {
            r.close();
            fx.close();
        }
    }

    /** What the segment files take now (the simulated file system's used space). */
    private long footageBytes() {
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".mp4")).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (java.io.IOException gone) {
                    return 0; // deleted meanwhile
                }
            }).sum();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return footageBytes(); // a directory went away during the walk: walk again
        }
    }

    private static void awaitNoPass(Retention r) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (r.passPending()) {
            assertThat(System.currentTimeMillis()).as("a retention pass finished within 10 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void evidenceHoldsProtectFootageFromEveryRule() throws Exception {
        recordSixMinutes();
        try (Storage s = open(new RetentionPolicy(seconds(1), 0, Map.of(), 0, 0), T0 + 10 * MINUTE)) {
            s.holds().add("cam1", T0 + seconds(90), T0 + seconds(100), Long.MAX_VALUE, "incident 42", "operator");
            s.holds().add("cam2", T0, T0 + MINUTE, T0 + 5 * MINUTE, "expired", "operator");
            s.retention().runOnce();
            assertThat(s.index().files().of("cam1")).extracting(FileRecord::startMicros).containsExactly(T0 + MINUTE);
            assertThat(s.index().files().of("cam2")).as("an expired hold protects nothing").isEmpty();
        }
    }

    @Test
    void aDeletionInterruptedAfterTheIndexStepIsFinishedByRecovery() throws Exception {
        recordSixMinutes();
        FileRecord victim;
        try (Storage s = open(RetentionPolicy.unlimited(), T0)) {
            victim = s.index().files().of("cam1").get(0);
            s.retention().markDeleting(victim); // the process dies right after this
        }
        assertThat(Files.exists(dir.resolve(victim.path()))).isTrue();
        try (Storage s = open(RetentionPolicy.unlimited(), T0)) {
            assertThat(s.recoveryActions()).anyMatch(a -> a.startsWith("finished deleting"));
            assertThat(Files.exists(dir.resolve(victim.path()))).isFalse();
            assertThat(s.index().files().get(victim.id())).isNull();
            assertThat(s.index().files().of("cam1")).hasSize(5);
            assertThat(s.index().fragments().range("cam1", T0, T0 + MINUTE)).isEmpty();
            assertThat(s.index().fragments().range("cam1", T0 + MINUTE, T0 + 2 * MINUTE)).hasSize(60);
            assertThat(s.recoveryActions()).noneMatch(a -> a.startsWith("adopted"));
        }
    }
}
