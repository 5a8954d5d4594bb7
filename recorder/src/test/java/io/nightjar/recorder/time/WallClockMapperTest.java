package io.nightjar.recorder.time;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WallClockMapperTest {
    private static final long T0 = 1_800_000_000_000_000L;

    @Test
    void theFirstFrameAnchorsAtItsArrivalAndStartsARun() {
        WallClockMapper m = new WallClockMapper();
        assertThat(m.map(1000, T0)).isEqualTo(T0);
        assertThat(m.discontinuity()).isTrue();
        assertThat(m.map(1000 + 3600, T0 + 40_000)).isEqualTo(T0 + 40_000);
        assertThat(m.discontinuity()).isFalse();
    }

    @Test
    void aPlausibleSenderReportAnchorsBetterThanArrival() {
        WallClockMapper m = new WallClockMapper();
        m.onSenderReport(90_000, T0 - 300_000); // camera says pts 90000 was 0.3 s before arrival
        assertThat(m.map(90_000, T0)).isEqualTo(T0 - 300_000);
    }

    @Test
    void aSenderReportFromACameraHoursOffIsNotTrusted() {
        WallClockMapper m = new WallClockMapper();
        m.onSenderReport(90_000, T0 - 3_600_000_000L);
        assertThat(m.map(90_000, T0)).isEqualTo(T0);
    }

    @Test
    void drifIsSlewedAtMostFiveHundredPpm() {
        WallClockMapper m = new WallClockMapper();
        long pts = 0;
        long arrival = T0;
        long previous = m.map(pts, arrival);
        // The camera clock runs 0.2% fast: 40 ms of media time every 40.08 ms of local time... for 10 minutes.
        for (int i = 0; i < 15_000; i++) {
            pts += 3600;
            arrival += 40_080;
            long wall = m.map(pts, arrival);
            long step = wall - previous;
            assertThat(step).as("each step stays within 500 ppm of 40 ms").isBetween(40_000L - 21, 40_000L + 21);
            previous = wall;
        }
        assertThat(m.slewPpm()).isEqualTo(500.0, org.assertj.core.data.Offset.offset(1.0));
        assertThat(m.runs.get()).as("drift alone never starts a run until the offset passes a second").isBetween(1L, 2L);
    }

    @Test
    void aJumpOfMoreThanASecondStartsANewRun() {
        WallClockMapper m = new WallClockMapper();
        m.map(0, T0);
        m.map(3600, T0 + 40_000);
        long wall = m.map(3600 + 90_000 * 5, T0 + 80_000); // camera timestamps jump 5 s ahead
        assertThat(m.discontinuity()).isTrue();
        assertThat(wall).isEqualTo(T0 + 80_000);
        assertThat(m.jumps.get()).isEqualTo(1);
    }

    @Test
    void aPausedStreamResumesAsANewRunAtItsArrivalTime() {
        WallClockMapper m = new WallClockMapper();
        m.map(0, T0);
        long wall = m.map(3600, T0 + 8_000_000); // next frame arrives 8 s later
        assertThat(m.discontinuity()).isTrue();
        assertThat(wall).isEqualTo(T0 + 8_000_000);
    }
}
