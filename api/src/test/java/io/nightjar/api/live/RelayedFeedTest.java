package io.nightjar.api.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.nightjar.api.service.Live;
import io.nightjar.recorder.media.CodecConfig;
import io.nightjar.recorder.media.mp4.FragmentBuilder;
import io.nightjar.recorder.media.mp4.InitSegment;
import io.nightjar.recorder.media.mp4.Mp4FormatException;
import io.nightjar.recorder.memory.MemoryBudget;
import io.nightjar.recorder.memory.MemoryUse;
import io.nightjar.recorder.ring.StreamRef;
import io.nightjar.recorder.testing.TestClips;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What another node's live view sends (its init segment, then one fragment per access unit) comes
 * out of a relayed feed as this node's own live frames: the same access units, keyframes where
 * they were, times that never run backwards (even when the other node restarts its fragment clock),
 * every byte charged to the footage budget given back; and a message it cannot read is an error,
 * not a crash.
 */
class RelayedFeedTest {
    private static final StreamRef REF = StreamRef.main("porch");
    private static final Live.Relay NOWHERE = new Live.Relay("n1", URI.create("ws://127.0.0.1:9/none"), "unused");

    private final TestClips.Clip clip = TestClips.h264(320, 240, 10, 5, 1);
    private final MemoryBudget budget = MemoryBudget.of(64 << 20);
    private final List<CodecConfig> configs = new ArrayList<>();
    private final RelayedFeed feed = new RelayedFeed(REF, NOWHERE, PooledByteBufAllocator.DEFAULT, budget, configs::add);

    /** One message as the other node's {@code LiveStream} builds it: prft + moof + mdat of one access unit. */
    private static byte[] fragment(byte[] accessUnit, long baseDecodeTime, long pts, boolean key) {
        FragmentBuilder f = new FragmentBuilder(MemoryBudget.unlimited(), MemoryUse.LIVE);
        ByteBuf au = Unpooled.wrappedBuffer(accessUnit);
        f.add(au, null, pts, 1_795_860_000_000_000L + pts * 100 / 9, key);
        au.release();
        ByteBuf out = Unpooled.buffer();
        f.writeHeader(out, 1, baseDecodeTime, pts + 9000);
        f.copyDataTo(out);
        f.clear();
        byte[] bytes = ByteBufUtil.getBytes(out);
        out.release();
        return bytes;
    }

    @Test
    void theOtherNodesFragmentsBecomeTheSameAccessUnitsWithTimesThatNeverRunBackwards() throws Exception {
        List<Long> pts = new ArrayList<>();
        List<Boolean> keys = new ArrayList<>();
        List<byte[]> units = new ArrayList<>();
        List<Boolean> runStarts = new ArrayList<>();
        feed.subscribe(REF, f -> {
            pts.add(f.pts90k());
            keys.add(f.key());
            units.add(ByteBufUtil.getBytes(f.accessUnit()));
            runStarts.add(f.discontinuity());
            assertThat(f.rtpCount()).as("packetized here").isPositive();
        });
        feed.onMessage(InitSegment.build(clip.config()));
        assertThat(feed.config()).isEqualTo(clip.config());
        assertThat(configs).containsExactly(clip.config());
        for (int i = 0; i < 5; i++) {
            feed.onMessage(fragment(clip.accessUnits().get(i), i * 9000L, 450_000 + i * 9000L, clip.keys().get(i)));
        }
        // the other node's camera reconnects: its fragment clock starts again at 0
        for (int i = 5; i < 8; i++) {
            feed.onMessage(fragment(clip.accessUnits().get(i), (i - 5) * 9000L, 900_000 + i * 9000L, clip.keys().get(i)));
        }
        assertThat(keys).containsExactlyElementsOf(clip.keys().subList(0, 8));
        for (int i = 0; i < 8; i++) {
            assertThat(units.get(i)).as("access unit %d, byte for byte", i).isEqualTo(clip.accessUnits().get(i));
        }
        assertThat(pts).as("continuing across the restart, one frame on").containsExactly(0L, 9000L, 18000L, 27000L, 36000L, 45000L, 54000L,
                63000L);
        assertThat(runStarts).containsExactly(true, false, false, false, false, true, false, false);
        feed.close();
        assertThat(budget.used(MemoryUse.LIVE)).as("every live byte given back").isZero();
    }

    @Test
    void whatCannotBeReadIsAnErrorNotACrash() throws Exception {
        byte[] frame = fragment(clip.accessUnits().get(0), 0, 0, true);
        assertThatThrownBy(() -> feed.onMessage(frame)).as("a fragment before any init segment").isInstanceOf(Mp4FormatException.class);
        feed.onMessage(InitSegment.build(clip.config()));
        for (int cut = 0; cut < frame.length; cut += 97) {
            byte[] broken = Arrays.copyOf(frame, cut);
            assertThatThrownBy(() -> feed.onMessage(broken)).as("cut at %d", cut).isInstanceOf(Mp4FormatException.class);
        }
        byte[] garbage = new byte[500];
        Arrays.fill(garbage, (byte) 0x7f);
        assertThatThrownBy(() -> feed.onMessage(garbage)).isInstanceOf(Mp4FormatException.class);
        feed.close();
        assertThat(budget.used(MemoryUse.LIVE)).isZero();
    }

    @Test
    void aViewerWhoComesAfterTheOtherNodeWentAwayIsToldAtOnce() {
        feed.close();
        boolean[] ended = new boolean[1];
        feed.subscribe(REF, LiveSubscriber.of(f -> { }, () -> ended[0] = true));
        assertThat(ended[0]).isTrue();
        assertThat(feed.isClosed()).isTrue();
    }
}
