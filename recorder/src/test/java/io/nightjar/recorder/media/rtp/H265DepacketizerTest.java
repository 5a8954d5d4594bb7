package io.nightjar.recorder.media.rtp;

import static io.nightjar.recorder.testing.Rtp.PPS_720P_MAIN;
import static io.nightjar.recorder.testing.Rtp.SPS_720P_MAIN;
import static io.nightjar.recorder.testing.Rtp.VPS_720P_MAIN;
import static io.nightjar.recorder.testing.Rtp.ap265;
import static io.nightjar.recorder.testing.Rtp.concat;
import static io.nightjar.recorder.testing.Rtp.fu265;
import static io.nightjar.recorder.testing.Rtp.h265Nal;
import static io.nightjar.recorder.testing.Rtp.lengthPrefixed;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.nightjar.recorder.testing.AccessUnitCollector;
import io.nightjar.recorder.testing.CollectedUnit;
import io.nightjar.recorder.testing.TrackingAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RFC 7798 depacketization. */
class H265DepacketizerTest {
    private final TrackingAllocator allocator = new TrackingAllocator();
    private final AccessUnitCollector out = new AccessUnitCollector();
    private H265Depacketizer d = new H265Depacketizer(new DepacketizerSettings(allocator, 1 << 20, w -> { }), out);

    private static final byte[] IDR = h265Nal(19, 4000); // IDR_W_RADL
    private static final byte[] CRA = h265Nal(21, 2000);
    private static final byte[] TRAIL = h265Nal(1, 700);

    @AfterEach
    void noLeaks() {
        d.reset();
        assertThat(allocator.live()).isZero();
    }

    private void feed(long ts, boolean marker, byte[] payload) {
        d.onPacket(Unpooled.wrappedBuffer(payload), 0, payload.length, ts, marker);
    }

    @Test
    void aggregationAndFragmentationUnitsBuildAKeyframe() {
        feed(0, false, ap265(VPS_720P_MAIN, SPS_720P_MAIN, PPS_720P_MAIN));
        feed(0, false, fu265(IDR, 2, 1500, true, false));
        feed(0, true, fu265(IDR, 1500, IDR.length, false, true));
        CollectedUnit u = out.units().get(0);
        assertThat(u.key()).isTrue();
        assertThat(u.data()).isEqualTo(lengthPrefixed(VPS_720P_MAIN, SPS_720P_MAIN, PPS_720P_MAIN, IDR));
        assertThat(u.config().width()).isEqualTo(1280);
        assertThat(u.config().height()).isEqualTo(720);
        assertThat(u.config().codecString()).startsWith("hvc1.1.6.L");
    }

    @Test
    void craPicturesAreKeyframesAndTrailingPicturesAreNot() {
        d.seedParameterSets(VPS_720P_MAIN, SPS_720P_MAIN, PPS_720P_MAIN);
        feed(0, true, CRA);
        feed(3000, true, TRAIL);
        assertThat(out.units()).extracting(CollectedUnit::key).containsExactly(true, false);
    }

    @Test
    void singleNalUnitsAndTimestampChangesCloseAccessUnits() {
        d.seedParameterSets(VPS_720P_MAIN, SPS_720P_MAIN, PPS_720P_MAIN);
        feed(0, false, IDR);
        feed(3000, false, TRAIL);
        feed(6000, false, TRAIL);
        assertThat(out.units()).extracting(CollectedUnit::pts90k).containsExactly(0L, 3000L);
    }

    @Test
    void donlFieldsAreSkippedWhenTheSdpAnnouncesThem() {
        d = new H265Depacketizer(new DepacketizerSettings(allocator, 1 << 20, w -> { }), out, true);
        d.seedParameterSets(VPS_720P_MAIN, SPS_720P_MAIN, PPS_720P_MAIN);
        byte[] single = concat(new byte[] {IDR[0], IDR[1], 0, 7}, java.util.Arrays.copyOfRange(IDR, 2, IDR.length));
        feed(0, true, single);
        byte[] fuStart = fu265(TRAIL, 2, 300, true, false);
        byte[] withDonl = concat(java.util.Arrays.copyOf(fuStart, 3), new byte[] {0, 8}, java.util.Arrays.copyOfRange(fuStart, 3, fuStart.length));
        feed(3000, false, withDonl);
        feed(3000, true, fu265(TRAIL, 300, TRAIL.length, false, true));
        assertThat(out.units()).hasSize(2);
        assertThat(out.units().get(0).data()).isEqualTo(lengthPrefixed(IDR));
        assertThat(out.units().get(1).data()).isEqualTo(lengthPrefixed(TRAIL));
    }

    @Test
    void malformedPacketsAreCountedNotThrown() {
        feed(0, true, new byte[] {(byte) 0x80, 1, 2}); // forbidden bit
        feed(0, true, new byte[] {2, 0, 5}); // TemporalId + 1 of zero
        feed(0, true, new byte[] {(byte) (48 << 1), 1, 0}); // AP size cut short
        feed(0, true, new byte[] {(byte) (48 << 1), 1, 0, 9, 1}); // AP unit past the end
        feed(0, true, new byte[] {(byte) (50 << 1), 1, 0, 0}); // PACI
        feed(0, true, new byte[] {2});
        assertThat(d.stats().malformedPackets.get()).isEqualTo(5);
        assertThat(d.stats().unsupportedPackets.get()).isEqualTo(1);
        assertThat(out.units()).isEmpty();
    }

    @Test
    void annexBPayloadsAreSplit() {
        byte[] sc = {0, 0, 0, 1};
        feed(0, true, concat(sc, VPS_720P_MAIN, sc, SPS_720P_MAIN, sc, PPS_720P_MAIN, sc, IDR));
        assertThat(out.units()).hasSize(1);
        assertThat(out.units().get(0).data()).isEqualTo(lengthPrefixed(VPS_720P_MAIN, SPS_720P_MAIN, PPS_720P_MAIN, IDR));
    }
}
