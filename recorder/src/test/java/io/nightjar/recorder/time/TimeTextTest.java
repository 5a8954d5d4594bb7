package io.nightjar.recorder.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The one time grammar of the API, RTSP playback URLs and the command line. */
class TimeTextTest {
    @Test
    void isoInstantsAndEpochMillisAreTheSameInstant() {
        assertThat(TimeText.parseMicros("from", "2026-11-28T10:00:00Z")).isEqualTo(1_795_860_000_000_000L);
        assertThat(TimeText.parseMicros("from", "1795860000000")).isEqualTo(1_795_860_000_000_000L);
        assertThat(TimeText.parseMicros("from", " 2026-11-28T10:00:00.123456Z ")).isEqualTo(1_795_860_000_123_456L);
        assertThat(TimeText.parseMicros("from", "0")).isZero();
        assertThat(TimeText.parseMicros("to", String.valueOf(TimeText.MAX_EPOCH_MILLIS))).isEqualTo(TimeText.MAX_EPOCH_MILLIS * 1000);
    }

    @Test
    void anythingElseIsRefusedNamingTheFieldAndWhatIsAccepted() {
        assertThatThrownBy(() -> TimeText.parseMicros("from", "yesterday")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'from' must be an ISO-8601 instant (2026-11-28T10:00:00Z) or epoch milliseconds, was 'yesterday'");
        assertThatThrownBy(() -> TimeText.parseMicros("to", "-1")).hasMessageContaining("between 1970 and 9999");
        assertThatThrownBy(() -> TimeText.parseMicros("to", "1969-12-31T23:59:59Z")).hasMessageContaining("between 1970 and 9999");
        assertThatThrownBy(() -> TimeText.parseMicros("to", String.valueOf(TimeText.MAX_EPOCH_MILLIS + 1)))
                .hasMessageContaining("between 1970 and 9999");
        assertThatThrownBy(() -> TimeText.parseMicros("to", "99999999999999999999")).hasMessageContaining("'to' must be");
        assertThatThrownBy(() -> TimeText.parseMicros("to", "x".repeat(10_000))).hasMessageEndingWith("...'");
        assertThatThrownBy(() -> TimeText.parseMicros("to", null)).isInstanceOf(IllegalArgumentException.class);
    }
}
