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
    void aPausedStreamIsReanchoredAtItsArrivalTimeOnceFramesKeepArrivingLateWithoutANewRun() {
        WallClockMapper m = new WallClockMapper();
        m.map(0, T0);
        long arrival = T0 + 8_000_000; // the next frames arrive 8 s later, at the normal cadence
        for (int i = 1; i <= WallClockMapper.LATE_FRAMES_FOR_NEW_RUN; i++) {
            long wall = m.map(i * 3600L, arrival);
            assertThat(m.discontinuity()).isFalse();
            if (i == WallClockMapper.LATE_FRAMES_FOR_NEW_RUN) {
                assertThat(wall).as("re-anchored at the arrival time").isEqualTo(arrival);
            } else {
                assertThat(wall).as("frame %d: still on the old mapping, waiting to see whether it catches up", i)
                        .isEqualTo(T0 + i * 40_000L);
            }
            arrival += 40_000;
        }
        assertThat(m.map(6 * 3600L, arrival)).isEqualTo(arrival);
        assertThat(m.runs.get()).as("no new run: nothing is cut, nothing dropped").isEqualTo(1);
        assertThat(m.reanchors.get()).isEqualTo(1);
    }

    @Test
    void framesReadLateByAStalledRecorderKeepTheirRunAndTheirTimes() {
        WallClockMapper m = new WallClockMapper();
        long arrival = T0;
        for (int i = 0; i < 300; i++) {
            if (i == 50) {
                arrival += 2_960_000; // the recorder stalled 3 s (full ring, loaded machine): frames wait in the socket
            } else if (i > 50 && i <= 123) {
                arrival += 0; // then they are read in a burst, all at once, catching up
            } else if (i > 0) {
                arrival += 40_000;
            }
            long wall = m.map(i * 3600L, arrival);
            assertThat(m.discontinuity()).as("frame %d", i).isEqualTo(i == 0);
            assertThat(wall).as("frame %d keeps its place on the camera's timeline", i).isCloseTo(T0 + i * 40_000L,
                    org.assertj.core.data.Offset.offset(2_000L));
        }
        assertThat(m.runs.get()).isEqualTo(1);
        assertThat(m.reanchors.get()).isZero();
        assertThat(m.lateFrames.get()).isPositive();
    }

    @Test
    void framesThatArriveEarlyAfterAReanchoringInAStallAreNotAJump() {
        WallClockMapper m = new WallClockMapper();
        long arrival = T0;
        int i = 0;
        m.map(0, arrival);
        // Stop and go: reading pauses, frames arrive late at the normal rate for a while (re-anchored),
        // then the backlog is read in a burst: those frames are early against the new anchor.
        arrival += 3_000_000;
        for (i = 1; i <= 10; i++) {
            m.map(i * 3600L, arrival);
            arrival += 40_000;
        }
        for (; i <= 200; i++) {
            m.map(i * 3600L, arrival);
            arrival += 1_000;
            assertThat(m.discontinuity()).as("frame %d", i).isFalse();
        }
        assertThat(m.runs.get()).isEqualTo(1);
        assertThat(m.jumps.get()).isZero();
    }

    @Test
    void anEncoderWhoseClockFallsSecondsBehindIsReanchoredWithinItsRunAndStaysNearRealTime() {
        WallClockMapper m = new WallClockMapper();
        long pts = 0;
        long arrival = T0;
        m.map(pts, arrival);
        // A slow encoder: 40 ms of media time every 44 ms of real time (10 % slow), for 30 s.
        for (int i = 0; i < 680; i++) {
            pts += 3600;
            arrival += 44_000;
            long wall = m.map(pts, arrival);
            assertThat(m.discontinuity()).isFalse();
            assertThat(arrival - wall).as("never more than a second and a few frames behind").isLessThan(1_300_000L);
        }
        assertThat(m.runs.get()).isEqualTo(1);
        assertThat(m.reanchors.get()).isEqualTo(2);
    }
}
