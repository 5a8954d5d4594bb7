package io.nightjar.api.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.nightjar.recorder.ring.FrameDraft;
import io.nightjar.recorder.ring.StreamRef;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A viewer's queue: starts at a keyframe, skips to the next keyframe when full, frees what it drops. */
class LiveQueueTest {
    static LiveFrame frame(int n, boolean key, List<ByteBuf> buffers) {
        ByteBuf packet = Unpooled.buffer(100).writeZero(100);
        buffers.add(packet);
        FrameDraft source = new FrameDraft().pts90k(n * 3600L).wallMicros(n).key(key);
        return new LiveFrame(StreamRef.main("c"), source, new ByteBuf[] {packet}, 1, null, 0);
    }

    @Test
    void startsAtAKeyframeAndSkipsToTheNextWhenTheViewerFallsBehind() {
        EmbeddedChannel ch = new EmbeddedChannel();
        List<Long> written = new ArrayList<>();
        LiveQueue q = new LiveQueue(ch, f -> written.add(f.pts90k() / 3600), 10, 1 << 20);
        List<ByteBuf> buffers = new ArrayList<>();
        for (int n = 0; n < 40; n++) {
            LiveFrame f = frame(n, n % 8 == 3, buffers); // keyframes at 3, 11, 19, 27, 35
            q.offer(f);
            f.release();
        }
        ch.runPendingTasks();
        // the viewer never drained while offered: 0-2 precede the first keyframe; 3..12 fill the queue,
        // 13 overflows (skip, wait for 19); 19..28 fill it, 29 overflows (wait for 35); 35..39 remain
        assertThat(written).containsExactly(35L, 36L, 37L, 38L, 39L);
        assertThat(q.skips.get()).isEqualTo(2);
        assertThat(q.delivered.get()).isEqualTo(5);
        assertThat(q.dropped.get()).isEqualTo(35);
        q.close();
        assertThat(buffers).allMatch(b -> b.refCnt() == 0);
    }

    @Test
    void aViewerThatKeepsUpGetsEveryFrameFromTheFirstKeyframe() {
        EmbeddedChannel ch = new EmbeddedChannel();
        List<Long> written = new ArrayList<>();
        LiveQueue q = new LiveQueue(ch, f -> written.add(f.pts90k() / 3600), 10, 1 << 20);
        List<ByteBuf> buffers = new ArrayList<>();
        for (int n = 0; n < 40; n++) {
            LiveFrame f = frame(n, n % 8 == 3, buffers);
            q.offer(f);
            f.release();
            ch.runPendingTasks();
        }
        assertThat(written).hasSize(37).first().isEqualTo(3L);
        assertThat(q.skips.get()).isZero();
        assertThat(buffers).allMatch(b -> b.refCnt() == 0);
    }

    @Test
    void nothingIsDeliveredWhileTheChannelIsNotWritable() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setWriteBufferWaterMark(new io.netty.channel.WriteBufferWaterMark(1, 2));
        ch.unsafe().outboundBuffer().addMessage(Unpooled.buffer(10).writeZero(10), 10, ch.voidPromise());
        assertThat(ch.isWritable()).isFalse();
        List<Long> written = new ArrayList<>();
        LiveQueue q = new LiveQueue(ch, f -> written.add(f.pts90k()), 10, 1 << 20);
        List<ByteBuf> buffers = new ArrayList<>();
        LiveFrame f = frame(0, true, buffers);
        q.offer(f);
        f.release();
        ch.runPendingTasks();
        assertThat(written).isEmpty();
        assertThat(q.size()).isEqualTo(1);
        q.close();
        assertThat(buffers).allMatch(b -> b.refCnt() == 0);
    }
}
