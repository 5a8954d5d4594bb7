package io.nightjar.recorder.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.nightjar.recorder.media.CodecConfig;
import io.nightjar.recorder.memory.MemoryBudget;
import io.nightjar.recorder.memory.MemoryUse;
import io.nightjar.recorder.memory.Priority;
import io.nightjar.recorder.ring.FrameSink;
import io.nightjar.recorder.ring.RunStart;
import io.nightjar.recorder.ring.StreamRef;
import io.nightjar.recorder.testing.Rtp;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Back-pressure: a full ring pauses reading and retries on the event loop; nothing blocks, nothing is lost. */
class StreamPublisherTest {
    private final List<Long> published = new ArrayList<>();
    private boolean full;
    private final ArrayDeque<Runnable> scheduled = new ArrayDeque<>();
    private boolean paused;
    private final FlowControl flow = new FlowControl() {
        @Override
        public void pauseReading() {
            paused = true;
        }

        @Override
        public void resumeReading() {
            paused = false;
        }

        @Override
        public void schedule(Runnable task, long delay, TimeUnit unit) {
            scheduled.add(task);
        }
    };

    @Test
    void aFullRingPausesReadingThenPublishesInOrderAndResumes() throws Exception {
        CodecConfig config = CodecConfig.h264(Rtp.SPS_1080P_HIGH, Rtp.PPS_1080P_HIGH);
        StreamPublisher p = new StreamPublisher(StreamRef.main("cam"), (s, n, frame) -> {
            if (full) {
                return false;
            }
            published.add(frame.pts90k());
            frame.payload().release();
            return true;
        }, () -> 1_800_000_000_000_000L + published.size() * 40_000L);
        p.onSessionStart(flow);
        List<ByteBuf> bufs = new ArrayList<>();
        p.onAccessUnit(track(bufs), 0, true, config);
        full = true;
        p.onAccessUnit(track(bufs), 3600, false, config);
        p.onAccessUnit(track(bufs), 7200, false, config);
        assertThat(paused).isTrue();
        assertThat(p.pendingCount()).isEqualTo(2);
        assertThat(p.metrics().ringStalls.get()).isEqualTo(1);
        assertThat(scheduled).as("one retry scheduled, not one per frame").hasSize(1);
        scheduled.poll().run();
        assertThat(scheduled).as("still full: retried again").hasSize(1);
        full = false;
        scheduled.poll().run();
        assertThat(published).containsExactly(0L, 3600L, 7200L);
        assertThat(paused).isFalse();
        assertThat(bufs).allMatch(b -> b.refCnt() == 0);
    }

    @Test
    void closingReleasesWhatIsStillPending() throws Exception {
        CodecConfig config = CodecConfig.h264(Rtp.SPS_1080P_HIGH, Rtp.PPS_1080P_HIGH);
        StreamPublisher p = new StreamPublisher(StreamRef.main("cam"), (s, n, frame) -> false,
                () -> 0L);
        p.onSessionStart(flow);
        List<ByteBuf> bufs = new ArrayList<>();
        p.onAccessUnit(track(bufs), 0, true, config);
        p.close();
        assertThat(bufs).allMatch(b -> b.refCnt() == 0);
        assertThat(p.metrics().droppedRingFull.get()).isEqualTo(1);
    }

    @Test
    void aStreamOverItsMemoryCeilingShedsWholeGopsAndComesBackAtAKeyframeInANewRun() throws Exception {
        CodecConfig config = CodecConfig.h264(Rtp.SPS_1080P_HIGH, Rtp.PPS_1080P_HIGH);
        MemoryBudget budget = MemoryBudget.of(1000);
        List<RunStart> runs = new ArrayList<>();
        StreamPublisher p = new StreamPublisher(StreamRef.main("cam"), (s, n, frame) -> {
            published.add(frame.pts90k());
            runs.add(frame.runStart());
            frame.payload().release();
            return true;
        }, () -> 1_800_000_000_000_000L, budget, Priority.NORMAL);
        p.onSessionStart(flow);
        List<ByteBuf> bufs = new ArrayList<>();
        p.onAccessUnit(track(bufs), 0, true, config);
        budget.acquire(MemoryUse.RING, 900); // someone else's footage fills the budget past normal's 80 %

        p.onAccessUnit(track(bufs), 3600, false, config);
        p.onAccessUnit(track(bufs), 7200, true, config);
        assertThat(p.shedding()).isTrue();
        assertThat(budget.sheddingStreams()).isEqualTo(1);
        budget.release(MemoryUse.RING, 400); // room again: 50 %, under the resume ceiling of 70 %
        p.onAccessUnit(track(bufs), 10_800, false, config);
        assertThat(p.shedding()).as("still waiting for a keyframe").isTrue();
        p.onAccessUnit(track(bufs), 14_400, true, config);
        p.onAccessUnit(track(bufs), 18_000, false, config);

        assertThat(published).containsExactly(0L, 14_400L, 18_000L);
        assertThat(runs).as("the first frame after a shed period starts a new run, and says why")
                .containsExactly(RunStart.STREAM_START, RunStart.FRAMES_SHED, RunStart.NONE);
        assertThat(p.shedding()).isFalse();
        assertThat(budget.sheddingStreams()).isZero();
        assertThat(p.metrics().droppedMemory.get()).isEqualTo(3);
        assertThat(p.metrics().droppedMemoryBytes.get()).isEqualTo(3 * 16);
        assertThat(p.metrics().shedEpisodes.get()).isEqualTo(1);
        assertThat(p.metrics().frames.get()).as("received frames still counted for the technician").isEqualTo(6);
        assertThat(bufs).as("shed frames are released at once").allMatch(b -> b.refCnt() == 0);
    }

    @Test
    void underTheSamePressureAHighPriorityCameraKeepsRecordingWhileALowOneSheds() throws Exception {
        CodecConfig config = CodecConfig.h264(Rtp.SPS_1080P_HIGH, Rtp.PPS_1080P_HIGH);
        MemoryBudget budget = MemoryBudget.of(1000);
        budget.acquire(MemoryUse.FRAGMENTS, 700);
        List<String> got = new ArrayList<>();
        FrameSink sink = (s, n, frame) -> {
            got.add(s.cameraId());
            frame.payload().release();
            return true;
        };
        StreamPublisher high = new StreamPublisher(StreamRef.main("high"), sink, () -> 0L, budget, Priority.HIGH);
        StreamPublisher low = new StreamPublisher(StreamRef.main("low"), sink, () -> 0L, budget, Priority.LOW);
        high.onSessionStart(flow);
        low.onSessionStart(flow);
        List<ByteBuf> bufs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            high.onAccessUnit(track(bufs), i * 3600L, i == 0, config);
            low.onAccessUnit(track(bufs), i * 3600L, i == 0, config);
        }
        assertThat(got).containsOnly("high").hasSize(5);
        assertThat(low.metrics().droppedMemory.get()).isEqualTo(5);
        assertThat(high.metrics().droppedMemory.get()).isZero();
    }

    @Test
    void pendingAccessUnitsAreChargedUntilTheRingTakesThem() throws Exception {
        CodecConfig config = CodecConfig.h264(Rtp.SPS_1080P_HIGH, Rtp.PPS_1080P_HIGH);
        MemoryBudget budget = MemoryBudget.unlimited();
        StreamPublisher p = new StreamPublisher(StreamRef.main("cam"), (s, n, frame) -> {
            if (full) {
                return false;
            }
            frame.payload().release();
            return true;
        }, () -> 0L, budget, Priority.NORMAL);
        p.onSessionStart(flow);
        full = true;
        List<ByteBuf> bufs = new ArrayList<>();
        p.onAccessUnit(track(bufs), 0, true, config);
        assertThat(budget.used(MemoryUse.PENDING)).isEqualTo(16);
        full = false;
        scheduled.poll().run();
        assertThat(budget.used(MemoryUse.PENDING)).isZero();
    }

    private static ByteBuf track(List<ByteBuf> bufs) {
        ByteBuf b = Unpooled.buffer(16).writeZero(16);
        bufs.add(b);
        return b;
    }
}
