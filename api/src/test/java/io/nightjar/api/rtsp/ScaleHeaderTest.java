package io.nightjar.api.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspMethods;
import io.netty.handler.codec.rtsp.RtspVersions;
import org.junit.jupiter.api.Test;

/** PLAY's Scale header: a finite speed between 0.1 and 16, anything else a clear refusal. */
class ScaleHeaderTest {
    private static FullHttpRequest play(String scale) {
        FullHttpRequest r = new DefaultFullHttpRequest(RtspVersions.RTSP_1_0, RtspMethods.PLAY, "rtsp://h/cam");
        if (scale != null) {
            r.headers().set(RtspHeaderNames.SCALE, scale);
        }
        return r;
    }

    @Test
    void finiteSpeedsInRangeAreTakenAndEverythingElseRefused() {
        assertThat(RtspConnection.scale(play(null))).isEqualTo(1.0);
        assertThat(RtspConnection.scale(play("4"))).isEqualTo(4.0);
        assertThat(RtspConnection.scale(play("0.5"))).isEqualTo(0.5);
        for (String bad : new String[] {"NaN", "Infinity", "-Infinity", "-1", "0", "17", "1e400"}) {
            assertThatThrownBy(() -> RtspConnection.scale(play(bad))).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Scale");
        }
        assertThatThrownBy(() -> RtspConnection.scale(play("fast"))).hasMessageContaining("not a number");
    }
}
