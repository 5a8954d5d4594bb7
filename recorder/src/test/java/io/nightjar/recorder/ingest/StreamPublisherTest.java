package io.nightjar.recorder.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.nightjar.recorder.media.CodecConfig;
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
        StreamPublisher p = new StreamPublisher(StreamRef.main("cam"), (s, pts, wall, arr, n, key, disc, c, payload, recycler) -> {
            if (full) {
                return false;
            }
            published.add(pts);
            payload.release();
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
        StreamPublisher p = new StreamPublisher(StreamRef.main("cam"), (s, pts, wall, arr, n, key, disc, c, payload, recycler) -> false,
                () -> 0L);
        p.onSessionStart(flow);
        List<ByteBuf> bufs = new ArrayList<>();
        p.onAccessUnit(track(bufs), 0, true, config);
        p.close();
        assertThat(bufs).allMatch(b -> b.refCnt() == 0);
        assertThat(p.metrics().droppedRingFull.get()).isEqualTo(1);
    }

    private static ByteBuf track(List<ByteBuf> bufs) {
        ByteBuf b = Unpooled.buffer(16).writeZero(16);
        bufs.add(b);
        return b;
    }
}
