package io.nightjar.storage.writer;

import static io.nightjar.storage.testing.Times.T0;
import static io.nightjar.storage.testing.Times.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.nightjar.recorder.memory.MemoryBudget;
import io.nightjar.recorder.memory.MemoryUse;
import io.nightjar.recorder.ring.RunStart;
import io.nightjar.recorder.testing.TestClips;
import io.nightjar.recorder.testing.Tools;
import io.nightjar.storage.Storage;
import io.nightjar.storage.StorageConfig;
import io.nightjar.storage.index.FileRecord;
import io.nightjar.storage.read.Span;
import io.nightjar.storage.testing.StorageFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Motion-only and off recording: what the writer keeps when a gate says so. */
class RecordGateTest {
    @TempDir
    Path dir;

    static final TestClips.Clip CLIP = TestClips.h264(320, 180, 25, 25, 2);

    /** Records [from, to) and keeps {@code pre} of pre-roll; buffers the rest. */
    record Window(long from, long to, long pre) implements RecordGate {
        @Override
        public Decision decide(String camera, long wallMicros) {
            return wallMicros >= from && wallMicros < to ? Decision.RECORD : Decision.BUFFER;
        }

        @Override
        public long preRollMicros(String camera) {
            return pre;
        }
    }

    @Test
    void motionOnlyRecordingWritesTheEventWithItsPreRollFromTheKeyframeBefore() throws Exception {
        StorageFixture fx = new StorageFixture(dir);
        fx.storage.writer().setGate(new Window(T0 + seconds(10), T0 + seconds(14), seconds(3)));
        fx.feeder("cam1", CLIP).feed(T0, 25 * 30, true); // 30 s, a keyframe every second
        fx.close();
        try (Storage s = Storage.open(StorageConfig.defaults(dir))) {
            List<FileRecord> files = s.index().files().of("cam1");
            assertThat(files).hasSize(1);
            FileRecord f = files.get(0);
            assertThat(f.startMicros()).as("pre-roll starts at the keyframe 3 s before the event").isEqualTo(T0 + seconds(7));
            assertThat(f.endMicros()).isEqualTo(T0 + seconds(14));
            assertThat(f.end()).isEqualTo(io.nightjar.storage.index.FileEnd.of(io.nightjar.storage.index.FileEnd.Kind.NO_MOTION,
                    "no motion (motion-only recording)"));
            Map<String, String> probe = Tools.probeVideo(dir.resolve(f.path()));
            assertThat(probe.get("stderr")).isEmpty();
            assertThat(probe.get("nb_read_frames")).isEqualTo(String.valueOf(25 * 7));
            List<Span> spans = s.spans("cam1", T0, T0 + seconds(30));
            assertThat(spans).extracting(Span::recorded).containsExactly(false, true, false);
            assertThat(spans.get(2).reason()).isEqualTo("no motion (motion-only recording)");
        }
    }

    @Test
    void twoEventsMakeTwoFilesAndTheGapBetweenIsNotRecorded() throws Exception {
        StorageFixture fx = new StorageFixture(dir);
        RecordGate first = new Window(T0 + seconds(5), T0 + seconds(8), seconds(1));
        RecordGate second = new Window(T0 + seconds(20), T0 + seconds(22), seconds(1));
        fx.storage.writer().setGate(new RecordGate() {
            @Override
            public Decision decide(String camera, long wall) {
                return first.decide(camera, wall) == Decision.RECORD ? Decision.RECORD : second.decide(camera, wall);
            }

            @Override
            public long preRollMicros(String camera) {
                return seconds(1);
            }
        });
        fx.feeder("cam1", CLIP).feed(T0, 25 * 30, true);
        fx.close();
        try (Storage s = Storage.open(StorageConfig.defaults(dir))) {
            List<FileRecord> files = s.index().files().of("cam1");
            assertThat(files).extracting(FileRecord::startMicros).containsExactly(T0 + seconds(4), T0 + seconds(19));
            assertThat(files).extracting(FileRecord::endMicros).containsExactly(T0 + seconds(8), T0 + seconds(22));
        }
    }

    @Test
    void recordingOffWritesNothing() throws Exception {
        StorageFixture fx = new StorageFixture(dir);
        fx.storage.writer().setGate(new RecordGate() {
            @Override
            public Decision decide(String camera, long wall) {
                return Decision.SKIP;
            }

            @Override
            public long preRollMicros(String camera) {
                return 0;
            }
        });
        fx.feeder("cam1", CLIP).feed(T0, 100, true);
        fx.close();
        try (Storage s = Storage.open(StorageConfig.defaults(dir))) {
            assertThat(s.index().files().of("cam1")).isEmpty();
        }
    }

    @Test
    void thePreRollIsBoundedInBytesByDroppingWholeGopsAndReleasesWhatItDrops() {
        MemoryBudget budget = MemoryBudget.unlimited();
        PreRoll pre = new PreRoll(budget, 10_000);
        List<io.netty.buffer.ByteBuf> all = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            io.netty.buffer.ByteBuf b = Unpooled.wrappedBuffer(new byte[1000]);
            all.add(b);
            pre.add(new PreRoll.Frame(b, null, i * 3600L, T0 + i * 40_000L, 0, i % 10 == 0, RunStart.NONE, null), seconds(3600));
            b.release(); // the ring's reference: the pre-roll holds its own
            assertThat(pre.bytes()).isLessThanOrEqualTo(10_000 + 10 * 1000);
            assertThat(budget.used(MemoryUse.PRE_ROLL)).isEqualTo(pre.bytes());
        }
        List<io.netty.buffer.ByteBuf> kept = new ArrayList<>();
        pre.drain(0, f -> kept.add(f.payload()));
        assertThat(kept).isNotEmpty();
        assertThat(all).allMatch(b -> b.refCnt() == 0);
        assertThat(pre.dropped()).isGreaterThan(0);
        assertThat(budget.used(MemoryUse.PRE_ROLL)).isZero();
    }

    @Test
    void aPreRollRefusedByTheBudgetEmptiesAndStartsAgainAtAKeyframe() {
        MemoryBudget budget = MemoryBudget.of(10_000); // lossy holders may fill half: 5 000 bytes
        PreRoll pre = new PreRoll(budget, 1 << 20);
        for (int i = 0; i < 6; i++) {
            pre.add(new PreRoll.Frame(Unpooled.wrappedBuffer(new byte[1000]), null, i * 3600L, T0 + i * 40_000L, 0, i == 0, RunStart.NONE, null), seconds(60));
        }
        assertThat(pre.isEmpty()).as("the sixth frame did not fit: everything went").isTrue();
        assertThat(budget.used()).isZero();
        pre.add(new PreRoll.Frame(Unpooled.wrappedBuffer(new byte[1000]), null, 7 * 3600L, T0 + 7 * 40_000L, 0, false, RunStart.NONE, null), seconds(60));
        assertThat(pre.isEmpty()).as("not without a keyframe").isTrue();
        pre.add(new PreRoll.Frame(Unpooled.wrappedBuffer(new byte[1000]), null, 8 * 3600L, T0 + 8 * 40_000L, 0, true, RunStart.NONE, null), seconds(60));
        assertThat(pre.size()).isEqualTo(1);
        pre.clear();
        assertThat(budget.used()).isZero();
    }

    @Test
    void aPreRollNeverStartsWithoutAKeyframe() {
        PreRoll pre = new PreRoll(MemoryBudget.unlimited(), 1 << 20);
        pre.add(new PreRoll.Frame(Unpooled.wrappedBuffer(new byte[10]), null, 0, T0, 0, false, RunStart.NONE, null), seconds(5));
        assertThat(pre.isEmpty()).isTrue();
        pre.add(new PreRoll.Frame(Unpooled.wrappedBuffer(new byte[10]), null, 3600, T0 + 40_000, 0, true, RunStart.NONE, null), seconds(5));
        assertThat(pre.size()).isEqualTo(1);
    }
}
