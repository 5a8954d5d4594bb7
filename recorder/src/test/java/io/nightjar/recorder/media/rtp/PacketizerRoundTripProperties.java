package io.nightjar.recorder.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.nightjar.recorder.media.Codec;
import io.nightjar.recorder.rtp.RtpHeader;
import io.nightjar.recorder.media.rtp.RtpPacketizer;
import io.nightjar.recorder.testing.AccessUnitCollector;
import io.nightjar.recorder.testing.CollectedUnit;
import io.nightjar.recorder.testing.Rtp;
import io.nightjar.recorder.testing.TrackingAllocator;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Whatever the access units and MTU, packetizing then depacketizing gives back the same bytes;
 * and mutilated packets (bit flips, truncation, reordering) never throw and never leak.
 */
class PacketizerRoundTripProperties {

    @Provide
    Arbitrary<List<Integer>> sliceSizes() {
        return Arbitraries.integers().between(2, 20_000).list().ofMinSize(1).ofMaxSize(12);
    }

    @Property(tries = 200)
    void h264AccessUnitsSurviveAnyMtu(@ForAll("sliceSizes") List<Integer> sizes, @ForAll @IntRange(min = 64, max = 9000) int mtu) {
        roundTrip(Codec.H264, sizes, mtu);
    }

    @Property(tries = 200)
    void h265AccessUnitsSurviveAnyMtu(@ForAll("sliceSizes") List<Integer> sizes, @ForAll @IntRange(min = 64, max = 9000) int mtu) {
        roundTrip(Codec.H265, sizes, mtu);
    }

    private void roundTrip(Codec codec, List<Integer> sizes, int mtu) {
        List<byte[]> aus = new ArrayList<>();
        for (int i = 0; i < sizes.size(); i++) {
            boolean key = i == 0;
            if (codec == Codec.H264) {
                aus.add(key ? Rtp.lengthPrefixed(Rtp.SPS_1080P_HIGH, Rtp.PPS_1080P_HIGH, Rtp.h264Nal(5, sizes.get(i)))
                        : Rtp.lengthPrefixed(Rtp.h264Nal(1, sizes.get(i))));
            } else {
                aus.add(key ? Rtp.lengthPrefixed(Rtp.VPS_720P_MAIN, Rtp.SPS_720P_MAIN, Rtp.PPS_720P_MAIN, Rtp.h265Nal(19, Math.max(3, sizes.get(i))))
                        : Rtp.lengthPrefixed(Rtp.h265Nal(1, Math.max(3, sizes.get(i)))));
            }
        }
        TrackingAllocator alloc = new TrackingAllocator();
        AccessUnitCollector out = new AccessUnitCollector();
        Depacketizer d = codec == Codec.H264
                ? new H264Depacketizer(new DepacketizerSettings(alloc, 1 << 20, w -> { }), out)
                : new H265Depacketizer(new DepacketizerSettings(alloc, 1 << 20, w -> { }), out);
        RtpPacketizer p = new RtpPacketizer(codec, 96, 1, mtu, 0, UnpooledByteBufAllocator.DEFAULT);
        RtpHeader h = new RtpHeader();
        for (int i = 0; i < aus.size(); i++) {
            long ts = 3600L * i;
            p.packetize(Unpooled.wrappedBuffer(aus.get(i)), ts, packet -> {
                assertThat(packet.readableBytes()).isLessThanOrEqualTo(mtu);
                assertThat(h.parse(packet, 0, packet.readableBytes())).isTrue();
                d.onPacket(packet, h.payloadIndex, h.payloadLength, h.timestamp, h.marker);
                packet.release();
            });
        }
        List<CollectedUnit> got = out.units();
        assertThat(got).hasSize(aus.size());
        for (int i = 0; i < aus.size(); i++) {
            assertThat(got.get(i).data()).isEqualTo(aus.get(i));
            assertThat(got.get(i).pts90k()).isEqualTo(3600L * i);
        }
        assertThat(d.stats().errors()).isZero();
        assertThat(alloc.live()).isZero();
    }

    @Provide
    Arbitrary<List<byte[]>> mutilatedPackets() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(3000).list().ofMaxSize(60);
    }

    @Property(tries = 300)
    void randomPayloadsNeverThrowAndNeverLeak(@ForAll("mutilatedPackets") List<byte[]> payloads, @ForAll boolean h265,
                                              @ForAll @IntRange(min = 1024, max = 20_000) int bound) {
        TrackingAllocator alloc = new TrackingAllocator();
        AccessUnitCollector out = new AccessUnitCollector();
        Depacketizer d = h265
                ? new H265Depacketizer(new DepacketizerSettings(alloc, bound, w -> { }), out)
                : new H264Depacketizer(new DepacketizerSettings(alloc, bound, w -> { }), out);
        if (!h265) {
            ((H264Depacketizer) d).seedParameterSets(Rtp.SPS_1080P_HIGH, Rtp.PPS_1080P_HIGH);
        }
        long ts = 0;
        for (byte[] payload : payloads) {
            ByteBuf b = Unpooled.wrappedBuffer(payload);
            if (payload.length > 0 && (payload[0] & 3) == 0) {
                ts += 3600;
            }
            if (payload.length > 1 && payload[1] == 7) {
                d.onLoss();
            }
            d.onPacket(b, 0, payload.length, ts, payload.length > 2 && (payload[2] & 1) == 1);
            assertThat(alloc.liveCapacity()).as("memory stays bounded").isLessThanOrEqualTo(bound);
        }
        d.flush();
        for (CollectedUnit u : out.units()) {
            assertThat(u.data().length).isLessThanOrEqualTo(bound);
        }
        d.reset();
        assertThat(alloc.live()).isZero();
    }
}
