package io.nightjar.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a client sends is checked with errors in the client's terms: JSON kinds, sane times, no Java names. */
class ApiRequestTest {
    record Body(String camera, Long from, List<String> tags, Boolean enabled) {
    }

    static ApiRequest withBody(String json) {
        DefaultFullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/x",
                Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
        return new ApiRequest(r, null, Map.of(), Map.of(), null, "127.0.0.1");
    }

    @Test
    void timesOutsideNineteenSeventyToNineNineNineNineAreA400NeverAnOverflow() {
        assertThat(ApiRequest.parseTime("from", "2026-11-28T10:00:00Z")).isEqualTo(1_795_860_000_000_000L);
        assertThat(ApiRequest.parseTime("from", "1795860000000")).isEqualTo(1_795_860_000_000_000L);
        for (String bad : new String[] {"-1", "99999999999999999", "9223372036854775807", "99999999999999999999", "1969-12-31T23:59:59Z",
            "+10000-01-01T00:00:00Z", "+1000000000-01-01T00:00:00Z", "yesterday"}) {
            assertThatThrownBy(() -> ApiRequest.parseTime("from", bad)).as(bad).isInstanceOf(ApiException.class)
                    .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400)).hasMessageContaining("'from'");
        }
    }

    @Test
    void aWrongJsonTypeIsNamedAsJsonNotAsAJavaClass() {
        for (String[] c : new String[][] {{"{\"camera\":{}}", "'camera': must be a string"}, {"{\"from\":\"soon\"}", "'from'"},
            {"{\"from\":[1]}", "'from': must be a number"}, {"{\"tags\":\"x\"}", "'tags'"}, {"{\"enabled\":{}}", "'enabled': must be true or false"},
            {"[1,2]", "(body)"}}) {
            assertThatThrownBy(() -> withBody(c[0]).body(Body.class)).as(c[0]).isInstanceOf(ApiException.class)
                    .hasMessageContaining(c[1]).satisfies(e -> assertThat(e.getMessage()).doesNotContainPattern("java\\.|\\$|Body\\b|`"));
        }
    }
}
