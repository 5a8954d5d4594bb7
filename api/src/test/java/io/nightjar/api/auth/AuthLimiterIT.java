package io.nightjar.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightjar.api.testing.ServerFixture;
import io.nightjar.api.testing.Sockets;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Password guessing over every door — HTTP Basic, login, RTSP Digest — goes through one limiter:
 * a guessing address is refused after 10 failures (429 / RTSP 503 with Retry-After, the password
 * not even checked), while the real admin, from another address, is never locked out, even while
 * the account is attacked from several. Attackers are other loopback addresses (127.0.0.x).
 */
class AuthLimiterIT {
    @TempDir
    Path dir;

    /** One HTTP/1.1 request from a given local address. */
    static Sockets.Answer http(ServerFixture fx, String from, String method, String path, String authorization, String body) throws Exception {
        StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        if (authorization != null) {
            req.append("Authorization: ").append(authorization).append("\r\n");
        }
        if (body != null) {
            req.append("Content-Type: application/json\r\nContent-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
        }
        req.append("\r\n").append(body == null ? "" : body);
        return Sockets.exchange(from, fx.server.httpPort(), req.toString());
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void guessingIsLimitedOnEveryDoorAndTheRealAdminIsNeverLockedOut() throws Exception {
        try (ServerFixture fx = new ServerFixture(dir)) {
            // HTTP Basic from one address: ten wrong guesses, then refused without a check
            for (int i = 0; i < AuthGuard.SOURCE_FAILURES; i++) {
                assertThat(http(fx, "127.0.0.2", "GET", "/api/v1/auth/me", basic("admin", "guess" + i), null).status()).isEqualTo(401);
            }
            Sockets.Answer refused = http(fx, "127.0.0.2", "GET", "/api/v1/auth/me", basic("admin", ServerFixture.PASSWORD), null);
            assertThat(refused.status()).as("even the right password from the guessing address").isEqualTo(429);
            assertThat(refused.head()).containsIgnoringCase("Retry-After:");
            assertThat(http(fx, "127.0.0.2", "POST", "/api/v1/auth/login", null,
                    "{\"user\":\"viewer\",\"password\":\"x\"}").status()).as("the login door shares the limit").isEqualTo(429);
            assertThat(http(fx, "127.0.0.7", "POST", "/api/v1/auth/login", null,
                    "{\"user\":\"viewer\",\"password\":\"guess-login\"}").status()).as("a wrong login elsewhere").isEqualTo(401);
            assertThat(http(fx, "127.0.0.2", "GET", "/api/v1/auth/me?token=t_guess", null, null).status()).as("and tokens").isEqualTo(429);

            // the real admin, elsewhere, is not affected
            assertThat(http(fx, "127.0.0.1", "GET", "/api/v1/auth/me", basic("admin", ServerFixture.PASSWORD), null).status()).isEqualTo(200);

            // the account attacked from more addresses: the admin's own address still gets in every time,
            // a new address with the right password gets in too (one attempt a second for new addresses)
            for (String from : new String[] {"127.0.0.3", "127.0.0.4"}) {
                for (int i = 0; i < AuthGuard.SOURCE_FAILURES; i++) {
                    http(fx, from, "GET", "/api/v1/auth/me", basic("admin", "guess" + i), null);
                }
            }
            for (int i = 0; i < 3; i++) {
                assertThat(http(fx, "127.0.0.1", "GET", "/api/v1/auth/me", basic("admin", ServerFixture.PASSWORD), null).status())
                        .as("the known address, attempt %d", i).isEqualTo(200);
            }
            int fresh = 0;
            for (int i = 0; i < 5 && fresh != 200; i++) {
                fresh = http(fx, "127.0.0.5", "POST", "/api/v1/auth/login", null,
                        "{\"user\":\"admin\",\"password\":\"" + ServerFixture.PASSWORD + "\"}").status();
                if (fresh == 429) {
                    Thread.sleep(AuthGuard.ACCOUNT_INTERVAL_MILLIS);
                }
            }
            assertThat(fresh).as("the right password from a new address gets through").isEqualTo(200);

            // RTSP Digest on one connection: ten wrong answers, then 503 with Retry-After
            int port = fx.server.rtspPort();
            String url = "rtsp://127.0.0.1:" + port + "/cam";
            int last = 0;
            String lastHead = "";
            try (Socket s = new Socket()) {
                s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.6"), 0));
                s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                s.setSoTimeout(10_000);
                for (int i = 1; i <= AuthGuard.SOURCE_FAILURES + 3; i++) {
                    String req = "DESCRIBE " + url + " RTSP/1.0\r\nCSeq: " + i + "\r\nAuthorization: Digest username=\"viewer\", realm=\""
                            + UserStore.RTSP_REALM + "\", nonce=\"0.0\", uri=\"" + url + "\", response=\"" + "0".repeat(32) + "\"\r\n\r\n";
                    s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
                    Sockets.Answer a = Sockets.readHead(s.getInputStream());
                    last = a.status();
                    lastHead = a.head();
                    if (i <= AuthGuard.SOURCE_FAILURES) {
                        assertThat(a.status()).as("wrong answer %d", i).isEqualTo(401);
                    }
                }
            }
            assertThat(last).as(lastHead).isEqualTo(503);
            assertThat(lastHead).containsIgnoringCase("Retry-After:");

            String audit = fx.get("/api/v1/audit", "admin").body();
            assertThat(audit).contains("auth.limited").contains("127.0.0.2").contains("127.0.0.6").contains("login.failed")
                    .as("no guessed password is recorded").doesNotContain("guess");
        }
    }
}
