package io.nightjar.recorder.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtcpTest {
    @Test
    void senderReportsInACompoundPacketAreFound() {
        long ntp = SenderReport.ntpFromUnixMicros(1_700_000_000_123_456L);
        ByteBuf b = Unpooled.buffer();
        b.writeByte(0x80).writeByte(200).writeShort(6).writeInt(0xCAFE).writeLong(ntp).writeInt(90000).writeInt(10).writeInt(1000);
        b.writeByte(0x81).writeByte(202).writeShort(2).writeInt(0xCAFE).writeByte(1).writeByte(1).writeByte('x').writeByte(0);
        List<SenderReport> srs = new ArrayList<>();
        assertThat(RtcpParser.parse(b, 0, b.readableBytes(), srs::add)).isTrue();
        assertThat(srs).hasSize(1);
        assertThat(srs.get(0).ssrc()).isEqualTo(0xCAFE);
        assertThat(srs.get(0).rtpTimestamp()).isEqualTo(90000);
        assertThat(srs.get(0).unixMicros()).isBetween(1_700_000_000_123_455L, 1_700_000_000_123_457L);
    }

    @Test
    void aLengthPastTheEndIsMalformed() {
        ByteBuf b = Unpooled.buffer();
        b.writeByte(0x80).writeByte(200).writeShort(60).writeInt(1);
        assertThat(RtcpParser.parse(b, 0, b.readableBytes(), sr -> { })).isFalse();
    }

    @Test
    void receiverReportsCarryLossAndEchoTheLastSenderReport() {
        SequenceTracker t = new SequenceTracker();
        for (int s : new int[] {1, 2, 3, 6, 7, 8, 9, 10}) {
            t.onPacket(s);
        }
        ReceiverReportWriter w = new ReceiverReportWriter(0x11223344L, "nightjar-test");
        SenderReport sr = new SenderReport(0xCAFE, SenderReport.ntpFromUnixMicros(1_700_000_000_000_000L), 1234);
        ByteBuf out = Unpooled.buffer();
        w.write(out, 0xCAFE, t, 42, sr, 0, 500_000_000L);
        assertThat((int) out.getUnsignedByte(1)).isEqualTo(201);
        assertThat(out.getUnsignedInt(8)).as("source SSRC").isEqualTo(0xCAFE);
        int fraction = out.getUnsignedByte(12);
        long cumulative = out.getUnsignedMedium(13);
        assertThat(cumulative).isEqualTo(2);
        assertThat(fraction).isEqualTo(2 * 256 / 10);
        assertThat(out.getUnsignedInt(16)).as("extended highest sequence").isEqualTo(10);
        assertThat(out.getUnsignedInt(20)).as("jitter").isEqualTo(42);
        assertThat(out.getUnsignedInt(24)).as("LSR").isEqualTo(sr.middle32());
        assertThat(out.getUnsignedInt(28)).as("DLSR: half a second in 1/65536 s").isEqualTo(32768);
        assertThat((int) out.getUnsignedByte(33)).as("SDES follows").isEqualTo(202);
        assertThat(out.readableBytes() % 4).isZero();
        List<SenderReport> none = new ArrayList<>();
        assertThat(RtcpParser.parse(out, 0, out.readableBytes(), none::add)).as("well-formed compound packet").isTrue();
    }
}
