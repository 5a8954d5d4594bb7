package io.nightjar.recorder.media.rtp;

import static io.nightjar.recorder.testing.Rtp.PPS_1080P_HIGH;
import static io.nightjar.recorder.testing.Rtp.PPS_360P_BASELINE;
import static io.nightjar.recorder.testing.Rtp.SPS_1080P_HIGH;
import static io.nightjar.recorder.testing.Rtp.SPS_360P_BASELINE;
import static io.nightjar.recorder.testing.Rtp.concat;
import static io.nightjar.recorder.testing.Rtp.fuA;
import static io.nightjar.recorder.testing.Rtp.h264Nal;
import static io.nightjar.recorder.testing.Rtp.lengthPrefixed;
import static io.nightjar.recorder.testing.Rtp.stapA;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.nightjar.recorder.testing.AccessUnitCollector;
import io.nightjar.recorder.testing.CollectedUnit;
import io.nightjar.recorder.testing.TrackingAllocator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RFC 6184 depacketization, including the malformed and quirky packets cameras send. */
class H264DepacketizerTest {
    private final TrackingAllocator allocator = new TrackingAllocator();
    private final AccessUnitCollector out = new AccessUnitCollector();
    private final List<String> warnings = new ArrayList<>();
    private H264Depacketizer d = new H264Depacketizer(new DepacketizerSettings(allocator, 64 * 1024, warnings::add), out);

    private static final byte[] IDR = h264Nal(5, 3000);
    private static final byte[] P = h264Nal(1, 800);
    private static final byte[] SEI = h264Nal(6, 20);

    @AfterEach
    void noBufferLeaks() {
        d.reset();
        assertThat(allocator.live()).as("access unit buffers still referenced").isZero();
    }

    private void feed(long ts, boolean marker, byte[] payload) {
        ByteBuf b = Unpooled.wrappedBuffer(payload);
        d.onPacket(b, 0, payload.length, ts, marker);
    }

    private void keyframe(long ts) {
        feed(ts, false, SPS_1080P_HIGH);
        feed(ts, false, PPS_1080P_HIGH);
        feed(ts, true, IDR);
    }

    @Test
    void whileTheListenerShedsNonKeyPicturesAreDiscardedUnreadAndKeyframesStillPass() {
        boolean[] shedding = {false};
        List<Long> discarded = new ArrayList<>();
        AccessUnitListener shedder = new AccessUnitListener() {
            @Override
            public void onAccessUnit(ByteBuf accessUnit, long pts90k, boolean key, io.nightjar.recorder.media.CodecConfig config) {
                out.onAccessUnit(accessUnit, pts90k, key, config);
            }

            @Override
            public boolean discardsDeltaFrames() {
                return shedding[0];
            }

            @Override
            public void onAccessUnitDiscarded(long pts90k) {
                discarded.add(pts90k);
            }
        };
        d = new H264Depacketizer(new DepacketizerSettings(allocator, 64 * 1024, warnings::add), shedder);
        keyframe(1000);
        feed(4600, true, P);
        shedding[0] = true;
        int allocationsBefore = allocator.allocations();
        feed(8200, false, SEI);
        feed(8200, true, P);
        byte[] fuStart = {(byte) 0x7C, (byte) 0x81, 1, 2, 3};
        byte[] fuEnd = {(byte) 0x7C, (byte) 0x41, 4, 5, 6};
        feed(11_800, false, fuStart); // a fragmented P slice: start ...
        feed(11_800, true, fuEnd); // ... and end
        assertThat(discarded).containsExactly(8200L, 11_800L);
        assertThat(allocator.allocations() - allocationsBefore).as("the SEI's buffer only: the slices were never copied").isLessThanOrEqualTo(1);
        keyframe(15_400);
        assertThat(out.units()).extracting(CollectedUnit::pts90k).containsExactly(1000L, 4600L, 15_400L);
        assertThat(d.stats().discardedWhileShedding.get()).isEqualTo(2);
        assertThat(d.stats().fragmentsWithoutStart.get()).isZero();
        assertThat(d.stats().errors()).isZero();
    }

    @Test
    void singleNalUnitsFormOneAccessUnitClosedByTheMarkerBit() {
        keyframe(1000);
        List<CollectedUnit> units = out.units();
        assertThat(units).hasSize(1);
        CollectedUnit u = units.get(0);
        assertThat(u.key()).isTrue();
        assertThat(u.pts90k()).isEqualTo(1000);
        assertThat(u.data()).isEqualTo(lengthPrefixed(SPS_1080P_HIGH, PPS_1080P_HIGH, IDR));
        assertThat(u.config().width()).isEqualTo(1920);
        assertThat(u.config().height()).isEqualTo(1080);
        assertThat(u.config().codecString()).isEqualTo("avc1.640028");
        assertThat(d.stats().accessUnits.get()).isEqualTo(1);
    }

    @Test
    void aTimestampChangeClosesAnAccessUnitWhoseMarkerBitWasMissing() {
        feed(0, false, SPS_1080P_HIGH);
        feed(0, false, PPS_1080P_HIGH);
        feed(0, false, IDR);
        feed(3600, false, P);
        feed(7200, false, P);
        List<CollectedUnit> units = out.units();
        assertThat(units).extracting(CollectedUnit::pts90k).containsExactly(0L, 3600L);
        d.flush();
        assertThat(out.units()).extracting(CollectedUnit::pts90k).containsExactly(0L, 3600L, 7200L);
    }

    @Test
    void stapACarriesSeveralNalUnits() {
        feed(0, false, stapA(SPS_1080P_HIGH, PPS_1080P_HIGH));
        feed(0, true, IDR);
        assertThat(out.units().get(0).data()).isEqualTo(lengthPrefixed(SPS_1080P_HIGH, PPS_1080P_HIGH, IDR));
    }

    @Test
    void fuAFragmentsAreReassembled() {
        feed(0, false, stapA(SPS_1080P_HIGH, PPS_1080P_HIGH));
        feed(0, false, fuA(IDR, 1, 1000, true, false));
        feed(0, false, fuA(IDR, 1000, 2000, false, false));
        feed(0, true, fuA(IDR, 2000, IDR.length, false, true));
        assertThat(out.units()).hasSize(1);
        assertThat(out.units().get(0).data()).isEqualTo(lengthPrefixed(SPS_1080P_HIGH, PPS_1080P_HIGH, IDR));
    }

    @Test
    void aFuAWithBothStartAndEndBitsIsAWholeNalUnit() {
        keyframe(0);
        feed(3600, true, fuA(P, 1, P.length, true, true));
        assertThat(out.units().get(1).data()).isEqualTo(lengthPrefixed(P));
    }

    @Test
    void fragmentsWithoutAStartAreCountedAndDropped() {
        keyframe(0);
        feed(3600, false, fuA(P, 100, 200, false, false));
        feed(3600, true, fuA(P, 200, P.length, false, true));
        feed(7200, true, P);
        assertThat(d.stats().fragmentsWithoutStart.get()).isEqualTo(2);
        assertThat(out.units()).extracting(CollectedUnit::pts90k).containsExactly(0L, 7200L);
    }

    @Test
    void aTruncatedFuAIsDroppedAndTheRestOfTheStreamSurvives() {
        keyframe(0);
        feed(3600, false, fuA(P, 1, 400, true, false)); // end fragment never comes
        feed(7200, true, P);
        assertThat(d.stats().incompleteNalUnits.get()).isEqualTo(1);
        assertThat(out.units()).extracting(CollectedUnit::pts90k).containsExactly(0L, 7200L);
        assertThat(out.units().get(1).data()).isEqualTo(lengthPrefixed(P));
    }

    @Test
    void lossInsideAFragmentedUnitDropsOnlyThatUnit() {
        keyframe(0);
        feed(3600, false, SEI);
        feed(3600, false, fuA(P, 1, 400, true, false));
        d.onLoss();
        feed(3600, true, fuA(P, 600, P.length, false, true));
        feed(7200, true, P);
        assertThat(d.stats().incompleteNalUnits.get()).isEqualTo(1);
        assertThat(d.stats().fragmentsWithoutStart.get()).isEqualTo(1);
        assertThat(out.units()).extracting(CollectedUnit::pts90k).containsExactly(0L, 7200L);
        assertThat(out.units().get(1).data()).as("the damaged slice is gone; its SEI joins the next picture").isEqualTo(lengthPrefixed(SEI, P));
    }

    @Test
    void stapALengthsPastTheEndAreMalformedButEarlierUnitsAreKept() {
        byte[] stap = stapA(SPS_1080P_HIGH, PPS_1080P_HIGH);
        byte[] broken = Arrays.copyOf(stap, stap.length - 2); // last unit's bytes cut short
        feed(0, false, broken);
        feed(0, false, PPS_1080P_HIGH);
        feed(0, true, IDR);
        assertThat(d.stats().malformedPackets.get()).isEqualTo(1);
        assertThat(out.units().get(0).data()).isEqualTo(lengthPrefixed(SPS_1080P_HIGH, PPS_1080P_HIGH, IDR));
    }

    @Test
    void stapASizeFieldCutInHalfIsMalformed() {
        feed(0, false, new byte[] {24, 0, 5, 0x67, 1, 2, 3, 4, 0});
        assertThat(d.stats().malformedPackets.get()).isEqualTo(1);
    }

    @Test
    void zeroLengthNalUnitsAreSkippedAndCounted() {
        feed(0, false, concat(new byte[] {24, 0, 0}, Arrays.copyOfRange(stapA(SPS_1080P_HIGH, PPS_1080P_HIGH), 1, 1 + 2 + SPS_1080P_HIGH.length + 2 + PPS_1080P_HIGH.length)));
        feed(0, true, IDR);
        feed(3600, true, new byte[0]);
        assertThat(d.stats().emptyNalUnits.get()).isEqualTo(2);
        assertThat(out.units()).hasSize(1);
    }

    @Test
    void anAccessUnitLargerThanTheBoundIsDroppedWholeAndMemoryIsReleased() {
        keyframe(0);
        byte[] huge = h264Nal(1, 100 * 1024);
        feed(3600, false, fuA(huge, 1, 40_000, true, false));
        feed(3600, false, fuA(huge, 40_000, 80_000, false, false));
        assertThat(allocator.liveCapacity()).as("the oversized unit's buffer is freed at once").isZero();
        feed(3600, true, fuA(huge, 80_000, huge.length, false, true));
        feed(7200, true, P);
        assertThat(d.stats().oversizedAccessUnits.get()).isEqualTo(1);
        assertThat(d.stats().fragmentsWithoutStart.get()).as("the rest of a dropped unit is not an error of its own").isZero();
        assertThat(out.units()).extracting(CollectedUnit::pts90k).containsExactly(0L, 7200L);
    }

    @Test
    void aMarkerBitOnAnSeiDoesNotSplitThePicture() {
        feed(0, true, SEI); // marker on the SEI, as some cameras do
        keyframe(0);
        assertThat(out.units()).hasSize(1);
        assertThat(out.units().get(0).data()).isEqualTo(lengthPrefixed(SEI, SPS_1080P_HIGH, PPS_1080P_HIGH, IDR));
    }

    @Test
    void parameterSetsSentWithTheirOwnTimestampJoinTheNextPicture() {
        feed(0, true, stapA(SPS_1080P_HIGH, PPS_1080P_HIGH));
        feed(3600, true, IDR);
        assertThat(out.units()).hasSize(1);
        assertThat(out.units().get(0).pts90k()).isEqualTo(3600);
        assertThat(out.units().get(0).key()).isTrue();
    }

    @Test
    void annexBStartCodesInsideAPayloadAreSplitIntoNalUnits() {
        byte[] sc4 = {0, 0, 0, 1};
        byte[] sc3 = {0, 0, 1};
        feed(0, true, concat(sc4, SPS_1080P_HIGH, sc3, PPS_1080P_HIGH, sc4, IDR));
        assertThat(d.stats().annexBPayloads.get()).isEqualTo(1);
        assertThat(out.units().get(0).data()).isEqualTo(lengthPrefixed(SPS_1080P_HIGH, PPS_1080P_HIGH, IDR));
    }

    @Test
    void aNalTypeChangingInsideAFragmentedUnitKeepsTheStartFragmentsType() {
        keyframe(0);
        byte[] a = fuA(P, 1, 300, true, false);
        byte[] b = fuA(P, 300, P.length, false, true);
        b[1] = (byte) ((b[1] & 0xE0) | 5); // end fragment claims IDR
        feed(3600, false, a);
        feed(3600, true, b);
        assertThat(d.stats().fragmentTypeChanges.get()).isEqualTo(1);
        assertThat(out.units().get(1).data()).isEqualTo(lengthPrefixed(P));
        assertThat(out.units().get(1).key()).isFalse();
    }

    @Test
    void aRefusedAllocationDropsTheRestOfItsGopAndCountsEveryFrameOfItAsRefused() {
        keyframe(0);
        feed(3600, true, P);
        allocator.refuseNext(1);
        feed(7200, true, P); // refused
        feed(10800, true, P);
        feed(14400, true, P); // both dropped: they depend on the one refused
        keyframe(18000);
        feed(21600, true, P);
        assertThat(out.units()).extracting(CollectedUnit::pts90k).containsExactly(0L, 3600L, 18000L, 21600L);
        assertThat(d.stats().allocationFailures.get()).as("the refused frame and the two that depended on it").isEqualTo(3);
        assertThat(d.stats().droppedBeforeKeyframe.get()).as("not a start-up wait").isZero();
        d.reset();
        feed(25200, true, P); // after a reconnect: waiting for the first keyframe again, for a different reason
        assertThat(d.stats().droppedBeforeKeyframe.get()).isEqualTo(1);
        assertThat(d.stats().allocationFailures.get()).isEqualTo(3);
    }

    @Test
    void nothingIsEmittedBeforeParameterSetsAndAKeyframe() {
        feed(0, true, P); // no parameter sets at all
        assertThat(d.stats().droppedWithoutConfig.get()).isEqualTo(1);
        feed(3600, false, stapA(SPS_1080P_HIGH, PPS_1080P_HIGH));
        feed(3600, true, P); // parameter sets, but not a keyframe
        assertThat(d.stats().droppedBeforeKeyframe.get()).isEqualTo(1);
        keyframe(7200);
        feed(10800, true, P);
        assertThat(out.units()).extracting(CollectedUnit::pts90k).containsExactly(7200L, 10800L);
    }

    @Test
    void aParameterSetChangeMidStreamIsCarriedToConsumersAsANewConfiguration() {
        keyframe(0);
        feed(3600, true, P);
        feed(7200, false, SPS_360P_BASELINE);
        feed(7200, false, PPS_360P_BASELINE);
        feed(7200, true, IDR);
        List<CollectedUnit> units = out.units();
        assertThat(units.get(0).config()).isSameAs(units.get(1).config());
        assertThat(units.get(2).config()).isNotEqualTo(units.get(1).config());
        assertThat(units.get(2).config().width()).isEqualTo(640);
        assertThat(units.get(2).config().height()).isEqualTo(360);
        assertThat(d.stats().configChanges.get()).isEqualTo(1);
        assertThat(warnings).anyMatch(w -> w.contains("640x360"));
    }

    @Test
    void repeatedIdenticalParameterSetsKeepTheSameConfigurationInstance() {
        keyframe(0);
        keyframe(90000);
        assertThat(out.units().get(0).config()).isSameAs(out.units().get(1).config());
    }

    @Test
    void parameterSetsFromTheSdpAreUsedWhenTheCameraSendsNoneInBand() {
        d.seedParameterSets(SPS_1080P_HIGH, PPS_1080P_HIGH);
        feed(0, true, IDR);
        assertThat(out.units()).hasSize(1);
        assertThat(out.units().get(0).config().width()).isEqualTo(1920);
    }

    @Test
    void garbageSdpParameterSetsAreIgnoredInFavourOfInBandOnes() {
        d.seedParameterSets(new byte[] {0x67, 0x42}, new byte[] {0x68});
        feed(0, true, IDR);
        assertThat(out.units()).as("nothing usable yet").isEmpty();
        assertThat(d.stats().badParameterSets.get()).isEqualTo(1);
        keyframe(3600);
        assertThat(out.units()).hasSize(1);
        assertThat(out.units().get(0).config().width()).isEqualTo(1920);
    }

    @Test
    void extraBytesAfterTheSpsAreTolerated() {
        byte[] padded = concat(SPS_1080P_HIGH, new byte[] {0x55, 0x55, 0x55, 0x55});
        feed(0, false, padded);
        feed(0, false, PPS_1080P_HIGH);
        feed(0, true, IDR);
        assertThat(out.units().get(0).config().height()).isEqualTo(1080);
    }

    @Test
    void interleavedModePacketTypesAreCountedAsUnsupported() {
        feed(0, true, new byte[] {25, 0, 1, 2}); // STAP-B
        feed(0, true, new byte[] {29, (byte) 0x85, 1}); // FU-B
        feed(0, true, new byte[] {30, 1});
        assertThat(d.stats().unsupportedPackets.get()).isEqualTo(3);
        assertThat(out.units()).isEmpty();
    }

    @Test
    void theForbiddenBitMarksAPacketMalformed() {
        feed(0, true, new byte[] {(byte) 0x85, 1, 2, 3});
        assertThat(d.stats().malformedPackets.get()).isEqualTo(1);
    }
}
