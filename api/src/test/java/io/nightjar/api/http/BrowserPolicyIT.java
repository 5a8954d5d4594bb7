package io.nightjar.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightjar.api.testing.ServerFixture;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a browser gets and may do: the UI and API carry a content security policy and refuse to be
 * framed or sniffed; the session cookie works only from this server's own origin for anything that
 * changes state, and a WebSocket from another origin is refused. Clients with tokens are unaffected.
 */
class BrowserPolicyIT {
    @TempDir
    static Path dir;
    static ServerFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = new ServerFixture(dir.resolve("data"));
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void theUiAndTheApiCarryTheBrowserSecurityHeaders() throws Exception {
        for (String path : new String[] {"/", "/api/v1/cameras", "/no/such/page"}) {
            HttpResponse<String> r = fx.http.send(HttpRequest.newBuilder(URI.create(fx.base() + path))
                    .header("Authorization", ServerFixture.basic("viewer")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.headers().firstValue("content-security-policy").orElse("")).as(path)
                    .contains("script-src 'self'", "frame-ancestors 'none'", "object-src 'none'");
            assertThat(r.headers().firstValue("x-frame-options")).as(path).hasValue("DENY");
            assertThat(r.headers().firstValue("x-content-type-options")).as(path).hasValue("nosniff");
            assertThat(r.headers().firstValue("referrer-policy")).as(path).hasValue("no-referrer");
            assertThat(r.headers().firstValue("strict-transport-security")).as("no HSTS over plain HTTP").isEmpty();
        }
        assertThat(login().headers().firstValue("set-cookie").orElse("")).as("no Secure flag over plain HTTP").doesNotContain("Secure");
    }

    @Test
    void theSessionCookieChangesNothingFromAnotherOriginOrWithoutOne() throws Exception {
        String cookie = login().headers().firstValue("set-cookie").orElseThrow().split(";")[0];
        String self = "http://127.0.0.1:" + fx.server.httpPort();

        assertThat(tokenRequest("Cookie", cookie, null).statusCode()).as("cookie, no Origin").isEqualTo(403);
        HttpResponse<String> evil = tokenRequest("Cookie", cookie, "https://evil.example");
        assertThat(evil.statusCode()).as("cookie from another origin").isEqualTo(403);
        assertThat(evil.body()).contains("cross-site");
        assertThat(tokenRequest("Cookie", cookie, "http://127.0.0.1:1").statusCode()).as("same host, another port").isEqualTo(403);
        assertThat(tokenRequest("Cookie", cookie, self).statusCode()).as("cookie from this origin").isEqualTo(201);
        assertThat(tokenRequest("Authorization", ServerFixture.basic("viewer"), null).statusCode())
                .as("a client with credentials of its own needs no Origin").isEqualTo(201);
        HttpResponse<String> read = fx.http.send(HttpRequest.newBuilder(URI.create(fx.base() + "/api/v1/auth/me")).header("Cookie", cookie)
                .header("Origin", "https://evil.example").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).as("reads are not state changes (CORS keeps their answers from other origins)").isEqualTo(200);
    }

    @Test
    void aWebSocketFromAnotherOriginIsRefused() throws Exception {
        String self = "http://127.0.0.1:" + fx.server.httpPort();
        assertThat(upgradeStatus("https://evil.example")).isEqualTo(403);
        assertThat(upgradeStatus(self)).as("from this origin: past the origin check (no such camera here)").isNotEqualTo(403);
    }

    static HttpResponse<String> login() throws Exception {
        return fx.http.send(HttpRequest.newBuilder(URI.create(fx.base() + "/api/v1/auth/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"viewer\",\"password\":\"" + ServerFixture.PASSWORD + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> tokenRequest(String header, String value, String origin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fx.base() + "/api/v1/auth/tokens")).header(header, value)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"label\":\"ui\"}"));
        if (origin != null) {
            b.header("Origin", origin);
        }
        return fx.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The status of a WebSocket upgrade of the live route as a viewer, from {@code origin}. */
    static int upgradeStatus(String origin) throws Exception {
        try (Socket s = new Socket("127.0.0.1", fx.server.httpPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /api/v1/cameras/nosuch/live HTTP/1.1\r\nHost: 127.0.0.1:" + fx.server.httpPort() + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: " + origin
                    + "\r\nAuthorization: " + ServerFixture.basic("viewer") + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
            return Integer.parseInt(line.toString().split(" ")[1]);
        }
    }
}
