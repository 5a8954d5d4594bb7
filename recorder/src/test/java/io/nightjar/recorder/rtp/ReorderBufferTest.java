package io.nightjar.recorder.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReorderBufferTest {
    private final List<Integer> delivered = new ArrayList<>();
    private final ReorderBuffer r = new ReorderBuffer(8, 50_000_000L, (buf, index, length) -> delivered.add((int) buf.getUnsignedShort(index + 2)));

    private ByteBuf packet(int seq) {
        ByteBuf b = Unpooled.buffer(12);
        b.writeByte(0x80).writeByte(96).writeShort(seq).writeInt(0).writeInt(1);
        return b;
    }

    private void offer(int seq, long now) {
        ByteBuf b = packet(seq);
        r.offer(seq, b, 0, 12, now);
        b.release();
    }

    @Test
    void putsSwappedPacketsBackInOrder() {
        offer(1, 0);
        offer(3, 1);
        offer(2, 2);
        offer(4, 3);
        assertThat(delivered).containsExactly(1, 2, 3, 4);
        assertThat(r.heldCount()).isZero();
    }

    @Test
    void givesUpOnAGapAfterTheMaximumDelay() {
        offer(1, 0);
        offer(3, 1_000_000);
        offer(4, 2_000_000);
        assertThat(delivered).containsExactly(1);
        r.expire(60_000_000L);
        assertThat(delivered).containsExactly(1, 3, 4);
    }

    @Test
    void aJumpBeyondTheWindowFlushesWhatWaits() {
        offer(1, 0);
        offer(3, 0);
        offer(100, 0);
        assertThat(delivered).containsExactly(1, 3, 100);
    }

    @Test
    void latePacketsPassStraightThroughForTheTrackerToJudge() {
        offer(5, 0);
        offer(6, 0);
        offer(4, 0);
        assertThat(delivered).containsExactly(5, 6, 4);
    }

    @Test
    void clearReleasesHeldBuffers() {
        offer(1, 0);
        ByteBuf b = packet(3);
        r.offer(3, b, 0, 12, 0);
        assertThat(b.refCnt()).as("held: retained once more").isEqualTo(2);
        b.release();
        r.clear();
        assertThat(b.refCnt()).isZero();
    }
}
