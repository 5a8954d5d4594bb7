package io.nightjar.storage.writer;

import static io.nightjar.storage.testing.Times.T0;
import static io.nightjar.storage.testing.Times.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.nightjar.recorder.memory.MemoryBudget;
import io.nightjar.recorder.memory.MemoryUse;
import io.nightjar.recorder.testing.ClipFeeder;
import io.nightjar.recorder.testing.TestClips;
import io.nightjar.recorder.testing.Tools;
import io.nightjar.storage.index.FileEnd;
import io.nightjar.storage.index.FileRecord;
import io.nightjar.storage.index.FragmentRecord;
import io.nightjar.storage.testing.StorageFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The segment writer on real encoded video, checked with ffprobe and the index. */
class SegmentWriterTest {
    @TempDir
    Path dir;

    static final TestClips.Clip CLIP = TestClips.h264(640, 360, 25, 25, 2);

    @Test
    void writesAPlayableFragmentedMp4WithAFragmentPerKeyframeAndIndexesIt() throws Exception {
        StorageFixture fx = new StorageFixture(dir);
        ClipFeeder feeder = fx.feeder("cam1", CLIP);
        feeder.feed(T0, 300, true); // 12 s
        fx.close();
        List<FileRecord> files = reopenFiles();
        assertThat(files).hasSize(1);
        FileRecord f = files.get(0);
        assertThat(f.state()).isEqualTo(FileRecord.State.CLOSED);
        assertThat(f.end().kind()).isEqualTo(io.nightjar.storage.index.FileEnd.Kind.SHUTDOWN);
        assertThat(f.sha256()).as("sealed with a SHA-256").hasSize(64);
        assertThat(f.path()).isEqualTo("cam1/2026/11/28/20261128T100000.000000Z.mp4");
        Path file = dir.resolve(f.path());
        Map<String, String> probe = Tools.probeVideo(file);
        assertThat(probe.get("nb_read_frames")).isEqualTo("300");
        assertThat(probe.get("width")).isEqualTo("640");
        assertThat(probe.get("stderr")).isEmpty();
        assertThat(Double.parseDouble(probe.get("duration"))).isCloseTo(12.0, org.assertj.core.data.Offset.offset(0.05));
        try (io.nightjar.storage.Storage s = io.nightjar.storage.Storage.open(io.nightjar.storage.StorageConfig.defaults(dir))) {
            List<FragmentRecord> frs = s.index().fragments().range("cam1", 0, Long.MAX_VALUE);
            assertThat(frs).hasSize(12);
            assertThat(frs).allMatch(FragmentRecord::key);
            assertThat(frs.get(0).startMicros()).isEqualTo(T0);
            assertThat(frs.get(11).endMicros()).isEqualTo(T0 + seconds(12));
            io.nightjar.storage.read.Verifier.Report report = s.verify(null, 0, Long.MAX_VALUE);
            assertThat(report.clean()).as(report.format()).isTrue();
        }
    }

    @Test
    void framesBeforeTheFirstKeyframeAreCountedAsDroppedAwaitingAKeyframe() throws Exception {
        StorageFixture fx = new StorageFixture(dir);
        fx.feeder("cam1", CLIP).startAt(5).feed(T0, 45, false); // joins mid-GOP: frames 5..24 come before a keyframe
        fx.drain();
        fx.storage.writer().requestFlush();
        Thread.sleep(300);
        CameraStatus st = fx.storage.writer().status("cam1");
        assertThat(st.droppedByReason().get(WriterDrop.AWAITING_KEYFRAME)).isEqualTo(20);
        assertThat(st.droppedByReason().get(WriterDrop.DISK_ERROR)).isZero();
        assertThat(st.framesDropped()).isEqualTo(20);
        fx.close();
    }

    @Test
    void theWriterHoldsRingPayloadsInsteadOfCopiesAndGivesEveryByteBackWhenItStops() throws Exception {
        MemoryBudget budget = MemoryBudget.unlimited();
        StorageFixture fx = new StorageFixture(dir, c -> c.withBudget(budget));
        fx.feeder("cam1", CLIP).feed(T0, 60, true); // 2.4 s: the third fragment is still being built
        fx.drain();
        assertThat(budget.used(MemoryUse.FRAGMENTS)).as("the open fragment's payloads").isPositive();
        assertThat(budget.used(MemoryUse.STAGING)).isPositive();
        fx.close();
        assertThat(budget.used()).as("nothing charged after a clean stop").isZero();
        assertThat(Tools.probeVideo(dir.resolve(reopenFiles().get(0).path())).get("nb_read_frames")).isEqualTo("60");
    }

    @Test
    void aFragmentIsCutAtLeastEverySecondEvenWithLongGops() throws Exception {
        TestClips.Clip longGop = TestClips.h264(320, 180, 25, 100, 4);
        StorageFixture fx = new StorageFixture(dir);
        fx.feeder("cam1", longGop).feed(T0, 100, true);
        fx.close();
        try (io.nightjar.storage.Storage s = io.nightjar.storage.Storage.open(io.nightjar.storage.StorageConfig.defaults(dir))) {
            List<FragmentRecord> frs = s.index().fragments().range("cam1", 0, Long.MAX_VALUE);
            assertThat(frs).hasSize(4);
            assertThat(frs).extracting(FragmentRecord::key).containsExactly(true, false, false, false);
            assertThat(frs).allMatch(fr -> fr.durationMicros() <= 1_000_000);
        }
    }

    @Test
    void aNewFileStartsOnRotationOnANewRunAndOnACodecChange() throws Exception {
        TestClips.Clip other = TestClips.h264(320, 180, 25, 25, 2);
        StorageFixture fx = new StorageFixture(dir, c -> c.withWriter(WriterSettings.defaults().withSegmentMinutes(1)));
        ClipFeeder a = fx.feeder("cam1", CLIP);
        long t = a.feed(T0, 25 * 70, true); // 70 s: rotation after 60 s at a keyframe
        t = a.feed(t + seconds(5), 50, true); // reconnect after a 5 s gap
        ClipFeeder b = new ClipFeeder(other, io.nightjar.recorder.ring.StreamRef.main("cam1"), fx.ring);
        b.feed(t, 50, false); // same run, new resolution
        fx.close();
        List<FileRecord> files = reopenFiles();
        assertThat(files).extracting(f -> f.end().kind()).containsExactly(FileEnd.Kind.ROTATION, FileEnd.Kind.NEW_RUN,
                FileEnd.Kind.CODEC_CHANGED, FileEnd.Kind.SHUTDOWN);
        assertThat(files).extracting(f -> f.end().detail()).containsExactly("rotation",
                "new run: the camera's stream started (connect or reconnect)", "codec configuration changed to " + other.config(), "shutdown");
        assertThat(files.get(1).end().run()).isEqualTo(io.nightjar.recorder.ring.RunStart.STREAM_START);
        for (FileRecord f : files) {
            Map<String, String> probe = Tools.probeVideo(dir.resolve(f.path()));
            assertThat(probe.get("stderr")).as(f.path()).isEmpty();
        }
        assertThat(Tools.probeVideo(dir.resolve(files.get(3).path())).get("width")).isEqualTo("320");
    }

    @Test
    void aFileHoldsOneClusterEpochAndANewEpochStartsANewFileAtTheNextKeyframe() throws Exception {
        StorageFixture fx = new StorageFixture(dir, c -> c);
        ClipFeeder a = fx.feeder("cam1", CLIP);
        long t = a.feed(T0, 50, true); // outside a cluster: epoch 0
        fx.drain();
        fx.storage.writer().epochs().set("cam1", 3);
        t = a.feed(t, 50, false);
        fx.drain();
        fx.storage.writer().epochs().set("cam1", 5); // moved away and back while this node kept recording
        a.feed(t, 50, false);
        fx.close();
        List<FileRecord> files = reopenFiles();
        assertThat(files).extracting(FileRecord::epoch).containsExactly(0L, 3L, 5L);
        assertThat(files).extracting(f -> f.end().kind()).containsExactly(FileEnd.Kind.NEW_EPOCH, FileEnd.Kind.NEW_EPOCH,
                FileEnd.Kind.SHUTDOWN);
        assertThat(files.get(1).startMicros()).as("cut at the keyframe that followed, nothing dropped").isEqualTo(files.get(0).endMicros());
        assertThat(files.stream().mapToInt(FileRecord::fragments).sum()).as("one fragment per keyframe, 150 frames").isEqualTo(6);
        for (FileRecord f : files) {
            assertThat(Tools.probeVideo(dir.resolve(f.path())).get("stderr")).as(f.path()).isEmpty();
        }
    }

    @Test
    void aFileStillBeingWrittenPlays() throws Exception {
        StorageFixture fx = new StorageFixture(dir);
        fx.feeder("cam1", CLIP).feed(T0, 130, true);
        fx.drain();
        Thread.sleep(200);
        FileRecord open = fx.storage.index().files().all().get(0);
        assertThat(open.state()).isEqualTo(FileRecord.State.OPEN);
        Map<String, String> probe = Tools.probeVideo(dir.resolve(open.path()));
        assertThat(probe.get("stderr")).isEmpty();
        assertThat(Integer.parseInt(probe.get("nb_read_frames"))).as("the five complete fragments").isEqualTo(125);
        fx.close();
    }

    @Test
    void camerasAreRecordedSeparatelyAndSubStreamsAreNotRecorded() throws Exception {
        StorageFixture fx = new StorageFixture(dir);
        fx.feeder("cam1", CLIP).feed(T0, 50, true);
        fx.feeder("cam2", CLIP).feed(T0, 75, true);
        new ClipFeeder(CLIP, io.nightjar.recorder.ring.StreamRef.of("cam3", io.nightjar.recorder.ring.StreamRef.Kind.SUB), fx.ring)
                .feed(T0, 50, true);
        fx.close();
        List<FileRecord> files = reopenFiles();
        assertThat(files).extracting(FileRecord::camera).containsExactlyInAnyOrder("cam1", "cam2");
        assertThat(Files.exists(dir.resolve("cam3"))).isFalse();
    }

    @Test
    void withDirectIoEveryFragmentStartsOnABlockBoundaryAndTheSealIsTheFilesSha256() throws Exception {
        StorageFixture fx = new StorageFixture(dir); // direct I/O is the default
        fx.feeder("cam1", CLIP).feed(T0, 150, true);
        fx.close();
        FileRecord f = reopenFiles().get(0);
        Path file = dir.resolve(f.path());
        long block = SegmentOutput.MIN_ALIGNMENT;
        assertThat(Files.size(file)).as("whole blocks").isEqualTo(f.bytes()).matches(n -> n % block == 0);
        assertThat(f.sha256()).as("kept while writing, equal to the file's own hash")
                .isEqualTo(FileHasher.sha256(file, Files.size(file)));
        try (io.nightjar.storage.Storage s = io.nightjar.storage.Storage.open(io.nightjar.storage.StorageConfig.defaults(dir))) {
            List<FragmentRecord> frs = s.index().fragments().range("cam1", 0, Long.MAX_VALUE);
            assertThat(frs).hasSize(6).allMatch(fr -> fr.offset() % block == 0, "aligned");
            for (int i = 1; i < frs.size(); i++) {
                FragmentRecord prev = frs.get(i - 1);
                long gap = frs.get(i).offset() - (prev.offset() + prev.length());
                assertThat(gap).as("a free box pads fragment %d to the block", i - 1).isBetween(8L, block + 7);
            }
        }
        Map<String, String> probe = Tools.probeVideo(file);
        assertThat(probe.get("stderr")).as("players skip the free boxes").isEmpty();
        assertThat(probe.get("nb_read_frames")).isEqualTo("150");
    }

    @Test
    void bufferedWritesKeepFragmentsBackToBackWithTheSameSeal() throws Exception {
        StorageFixture fx = new StorageFixture(dir, c -> c.withWriter(WriterSettings.defaults().withDirectIo(false)));
        fx.feeder("cam1", CLIP).feed(T0, 150, true);
        fx.close();
        FileRecord f = reopenFiles().get(0);
        Path file = dir.resolve(f.path());
        assertThat(f.sha256()).isEqualTo(FileHasher.sha256(file, Files.size(file)));
        try (io.nightjar.storage.Storage s = io.nightjar.storage.Storage.open(io.nightjar.storage.StorageConfig.defaults(dir))) {
            List<FragmentRecord> frs = s.index().fragments().range("cam1", 0, Long.MAX_VALUE);
            assertThat(frs.get(0).offset()).isEqualTo(f.initLength());
            for (int i = 1; i < frs.size(); i++) {
                assertThat(frs.get(i).offset()).isEqualTo(frs.get(i - 1).offset() + frs.get(i - 1).length());
            }
            assertThat(frs.get(frs.size() - 1).offset() + frs.get(frs.size() - 1).length()).isEqualTo(Files.size(file));
        }
        assertThat(Tools.probeVideo(file).get("nb_read_frames")).isEqualTo("150");
    }

    private List<FileRecord> reopenFiles() {
        try (io.nightjar.storage.Storage s = io.nightjar.storage.Storage.open(io.nightjar.storage.StorageConfig.defaults(dir))) {
            return s.index().files().all();
        }
    }
}
