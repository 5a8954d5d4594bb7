package io.nightjar.recorder.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightjar.recorder.rtp.SequenceTracker.Verdict;
import org.junit.jupiter.api.Test;

class SequenceTrackerTest {
    private final SequenceTracker t = new SequenceTracker();

    @Test
    void countsGapsDuplicatesAndLateArrivals() {
        assertThat(t.onPacket(100)).isEqualTo(Verdict.FIRST);
        assertThat(t.onPacket(101)).isEqualTo(Verdict.IN_ORDER);
        assertThat(t.onPacket(104)).isEqualTo(Verdict.GAP);
        assertThat(t.lost.get()).isEqualTo(2);
        assertThat(t.onPacket(104)).isEqualTo(Verdict.DUPLICATE);
        assertThat(t.onPacket(102)).isEqualTo(Verdict.LATE);
        assertThat(t.onPacket(102)).isEqualTo(Verdict.DUPLICATE);
        assertThat(t.netLost()).as("one of the two came late").isEqualTo(1);
        assertThat(t.duplicates.get()).isEqualTo(2);
        assertThat(t.reordered.get()).isEqualTo(1);
        assertThat(t.expected()).isEqualTo(5);
    }

    @Test
    void wrapsAroundSixteenBits() {
        t.onPacket(65534);
        t.onPacket(65535);
        assertThat(t.onPacket(0)).isEqualTo(Verdict.IN_ORDER);
        assertThat(t.onPacket(1)).isEqualTo(Verdict.IN_ORDER);
        assertThat(t.extendedHighest()).isEqualTo(65536 + 1);
        assertThat(t.lost.get()).isZero();
    }

    @Test
    void aLargeJumpIsARestartNotThousandsOfLosses() {
        t.onPacket(10);
        assertThat(t.onPacket(40000)).isEqualTo(Verdict.RESTART);
        assertThat(t.lost.get()).isZero();
        assertThat(t.onPacket(40001)).isEqualTo(Verdict.IN_ORDER);
    }
}
