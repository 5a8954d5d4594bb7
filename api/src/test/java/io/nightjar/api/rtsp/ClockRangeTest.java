package io.nightjar.api.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Absolute ranges of RTSP PLAY requests and the URL query. */
class ClockRangeTest {
    @Property
    void formattedTimesParseBackToTheMillisecond(@ForAll @LongRange(min = 0, max = 4_102_444_800_000L) long millis) {
        long micros = millis * 1000;
        ClockRange r = ClockRange.parseHeader("clock=" + ClockRange.format(micros) + "-");
        assertThat(r.from()).isEqualTo(micros);
        assertThat(r.to()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void headersAndQueriesAreReadOrRejectedWithTheReason() {
        ClockRange r = ClockRange.parseHeader("clock=20261128T100000Z-20261128T100130.5Z");
        assertThat(r.to() - r.from()).isEqualTo(90_500_000L);
        assertThat(ClockRange.parseHeader("npt=0.000-")).isNull();
        assertThat(ClockRange.parseHeader(null)).isNull();
        assertThatThrownBy(() -> ClockRange.parseHeader("clock=yesterday-")).hasMessageContaining("YYYYMMDDThhmmss");
        assertThatThrownBy(() -> ClockRange.parseHeader("clock=20261128T100000Z-20261128T090000Z")).hasMessageContaining("not after");
        assertThat(ClockRange.parseQuery("2026-11-28T10:00:00Z", null).from()).isEqualTo(ClockRange.clock("20261128T100000Z"));
        assertThat(ClockRange.parseQuery(null, null)).isNull();
    }

    @Test
    void requestUrlsNameACameraStreamAndOptionalPlaybackAndToken() {
        RtspTarget t = RtspTarget.parse("rtsp://host:8554/yard/sub/trackID=0?start=2026-11-28T10:00:00Z&token=t_x");
        assertThat(t.stream().toString()).isEqualTo("yard/sub");
        assertThat(t.base()).isEqualTo("rtsp://host:8554/yard/sub");
        assertThat(t.start()).isEqualTo("2026-11-28T10:00:00Z");
        assertThat(t.token()).isEqualTo("t_x");
        assertThatThrownBy(() -> RtspTarget.parse("rtsp://host/a/b/c")).hasMessageContaining("path");
        assertThatThrownBy(() -> RtspTarget.parse("rtsp://host/../etc")).isInstanceOf(IllegalArgumentException.class);
    }
}
