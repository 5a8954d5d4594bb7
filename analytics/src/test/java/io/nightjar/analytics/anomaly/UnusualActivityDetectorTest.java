package io.nightjar.analytics.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-hour-of-week baseline, fed with synthetic history. */
class UnusualActivityDetectorTest {
    /** Monday 2026-11-23 00:00 UTC. */
    static final long MONDAY = 1_795_392_000_000_000L;
    static final long MINUTE = 60_000_000L;
    static final long WEEK = 7 * 24 * 60 * MINUTE;

    @Test
    void hoursOfTheWeekAreCountedFromMondayInTheCamerasZone() {
        ActivityBaseline b = new ActivityBaseline(ZoneOffset.UTC);
        assertThat(b.hourOfWeek(MONDAY)).isZero();
        assertThat(b.hourOfWeek(MONDAY + 3 * 60 * MINUTE)).isEqualTo(3);
        assertThat(b.hourOfWeek(MONDAY + 6 * 24 * 60 * MINUTE + 23 * 60 * MINUTE)).isEqualTo(167);
        assertThat(new ActivityBaseline(ZoneOffset.ofHours(2)).hourOfWeek(MONDAY)).isEqualTo(2);
    }

    @Test
    void activityAtAnHourThatIsUsuallyQuietIsUnusualAndBusyHoursAreNot() {
        ActivityBaseline b = new ActivityBaseline(ZoneOffset.UTC);
        // Four weeks of history: 03:00 is quiet (0-3 % activity), 09:00 is busy (40-60 %).
        for (int week = 0; week < 4; week++) {
            for (int m = 0; m < 60; m++) {
                b.add(MONDAY + week * WEEK + 3 * 60 * MINUTE + m * MINUTE, (m % 3) * 0.01);
                b.add(MONDAY + week * WEEK + 9 * 60 * MINUTE + m * MINUTE, 0.4 + (m % 5) * 0.05);
            }
        }
        UnusualActivityDetector d = new UnusualActivityDetector(b, 3, 30);
        List<String> changes = new ArrayList<>();
        long night = MONDAY + 4 * WEEK + 3 * 60 * MINUTE;
        feedMinutes(d, night, 3, 0.8, changes);   // someone moving at 03:00 for 3 minutes
        feedMinutes(d, night + 3 * MINUTE, 4, 0.0, changes);
        assertThat(changes).hasSize(2);
        assertThat(changes.get(0)).startsWith("start " + night);
        assertThat(changes.get(1)).startsWith("end");
        List<String> day = new ArrayList<>();
        feedMinutes(d, MONDAY + 4 * WEEK + 9 * 60 * MINUTE, 5, 0.5, day);
        assertThat(day).as("a busy hour being busy is usual").isEmpty();
    }

    @Test
    void anHourWithoutEnoughHistoryIsNotJudged() {
        UnusualActivityDetector d = new UnusualActivityDetector(new ActivityBaseline(ZoneOffset.UTC), 3, 30);
        List<String> changes = new ArrayList<>();
        feedMinutes(d, MONDAY, 10, 1.0, changes);
        assertThat(changes).isEmpty();
    }

    @Test
    void aBaselineSurvivesSerialisation() {
        ActivityBaseline b = new ActivityBaseline(ZoneOffset.UTC);
        b.add(MONDAY, 0.5);
        b.add(MONDAY + MINUTE, 0.7);
        ActivityBaseline c = ActivityBaseline.deserialize(b.serialize(), ZoneOffset.UTC);
        assertThat(c.count(0)).isEqualTo(2);
        assertThat(c.mean(0)).isEqualTo(0.6, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(c.std(0)).isEqualTo(b.std(0));
    }

    /** Feeds {@code minutes} minutes with the given fraction of seconds in motion. */
    private static void feedMinutes(UnusualActivityDetector d, long start, int minutes, double activity, List<String> out) {
        for (int m = 0; m <= minutes; m++) {
            for (int s = 0; s < 60; s++) {
                long t = start + m * MINUTE + s * 1_000_000L;
                d.second(t, m < minutes && s < activity * 60, (started, dev, act, minute) ->
                        out.add((started ? "start " : "end ") + minute + " dev=" + dev));
            }
        }
    }
}
