package io.nightjar.recorder.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimestampUnwrapperTest {
    @Test
    void extendsPastTheThirtyTwoBitWrap() {
        TimestampUnwrapper u = new TimestampUnwrapper();
        assertThat(u.unwrap(0xFFFF_F000L)).isEqualTo(0xFFFF_F000L);
        assertThat(u.unwrap(0x0000_0E00L)).isEqualTo(0x1_0000_0E00L);
        assertThat(u.unwrap(0x0000_1C00L)).isEqualTo(0x1_0000_1C00L);
    }

    @Test
    void smallBackwardStepsStayBackwardsAsBFramesNeed() {
        TimestampUnwrapper u = new TimestampUnwrapper();
        u.unwrap(10_000);
        assertThat(u.unwrap(6_400)).isEqualTo(6_400);
        assertThat(u.unwrap(13_600)).isEqualTo(13_600);
    }

    @Test
    void peekDoesNotMoveTheState() {
        TimestampUnwrapper u = new TimestampUnwrapper();
        u.unwrap(0xFFFF_FF00L);
        assertThat(u.peek(0x100)).isEqualTo(0x1_0000_0100L);
        assertThat(u.unwrap(0xFFFF_FFF0L)).isEqualTo(0xFFFF_FFF0L);
    }
}
