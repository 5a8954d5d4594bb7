package io.nightjar.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightjar.api.auth.AuthGuard;
import io.nightjar.api.auth.UserStore;
import io.nightjar.api.testing.AuthorizationMatrix;
import io.nightjar.api.testing.CapturedLogs;
import io.nightjar.api.testing.ServerFixture;
import io.nightjar.api.testing.Sockets;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One scripted, bounded abuse run against a real server, as a red team would do it, in order:
 * guessing passwords and tokens through every door; floods of hostile requests (unknown static
 * paths, unauthenticated API calls, logins with huge names from many addresses, RTSP connections
 * that describe and drop, headers trickled a byte at a time); then the checks that matter
 * afterwards: guessing was cut off while the real admin still got in, the heap is where it was
 * before the floods, no secret (camera password, user password, token, session) is in any answer
 * or log line, and every 401/403 of the authorization matrix still holds.
 */
class AbuseRunIT {
    static final String CAMERA_SECRET = "Kp9-camera-s3cret";
    /**
     * Heap left after the floods (40 000 HTTP requests, 2 000 RTSP connections, 100 logins), beyond
     * where it was before them, after a full GC: at most this. Before the static handler stopped
     * asking the class loader for invented names the growth was 4 MB (200 bytes a path, never freed).
     */
    static final long HEAP_GROWTH_LIMIT = 2L << 20;

    @TempDir
    Path dir;

    private final List<String> answers = new ArrayList<>();
    /** Why each guessing address was cut off (for a failure's message). */
    private final List<String> refusals = new ArrayList<>();

    @Test
    void guessingIsCutOffFloodsLeaveNoMemoryNoSecretShowsAndTheMatrixHolds() throws Exception {
        try (CapturedLogs logs = new CapturedLogs();
             ServerFixture fx = new ServerFixture(dir.resolve("data"), c -> c.server.requestTimeoutSeconds = 2)) {
            int http = fx.server.httpPort();
            // what the attacker is after: a camera password given in its URL, a token, a session
            assertThat(fx.post("/api/v1/cameras", "admin", "{\"id\":\"a\",\"url\":\"rtsp://tech:" + CAMERA_SECRET + "@127.0.0.1:9/x\"}")
                    .status()).isEqualTo(201);
            String token = fx.post("/api/v1/auth/tokens", "viewer", "{\"label\":\"vms\"}").json().get("token").asText();
            Sockets.Answer login = Sockets.exchange("127.0.0.1", http, post("/api/v1/auth/login", null,
                    "{\"user\":\"admin\",\"password\":\"" + ServerFixture.PASSWORD + "\"}"));
            assertThat(login.status()).isEqualTo(200);
            String session = login.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
            assertThat(session).isNotBlank().isNotEqualTo(login.body());
            List<String> secrets = List.of(CAMERA_SECRET, ServerFixture.PASSWORD, token, session);

            // 1. guessing: Basic, login, ?token= and RTSP Digest, each from an address of its own on an account of its own
            assertThat(refusedAfter(http, "127.0.0.21", i -> get("/api/v1/cameras", basic("operator", "guess" + i))))
                    .as("wrong Basic answers before the address was cut off: %s", refusals).isEqualTo(AuthGuard.SOURCE_FAILURES);
            assertThat(refusedAfter(http, "127.0.0.22", i -> post("/api/v1/auth/login", null,
                    "{\"user\":\"viewer\",\"password\":\"guess" + i + "\"}"))).as("%s", refusals).isEqualTo(AuthGuard.SOURCE_FAILURES);
            assertThat(refusedAfter(http, "127.0.0.23", i -> get("/api/v1/cameras?token=t_guess" + i, null)))
                    .as("%s", refusals).isEqualTo(AuthGuard.SOURCE_FAILURES);
            assertThat(refusedAfter(fx.server.rtspPort(), "127.0.0.24", i -> "DESCRIBE rtsp://127.0.0.1/a RTSP/1.0\r\nCSeq: " + i
                    + "\r\nAuthorization: Digest username=\"metrics\", realm=\"" + UserStore.RTSP_REALM + "\", nonce=\"0.0\", "
                    + "uri=\"rtsp://127.0.0.1/a\", response=\"" + "0".repeat(32) + "\"\r\n\r\n")).as("%s", refusals)
                    .isEqualTo(AuthGuard.SOURCE_FAILURES);
            // ... and the admin account from many addresses, one guess each: past the account's limit,
            // new addresses share one attempt a second
            int answered = 0;
            for (int i = 1; i <= AuthGuard.ACCOUNT_FAILURES + 10; i++) {
                Sockets.Answer a = Sockets.exchange("127.0.2." + i, http, get("/api/v1/cameras", basic("admin", "guess" + i)));
                answers.add(a.head() + a.body());
                if (a.status() == 401) {
                    answered++;
                } else {
                    assertThat(a.status()).as(a.head()).isEqualTo(429);
                }
            }
            assertThat(answered).as("distributed guesses checked, of %d", AuthGuard.ACCOUNT_FAILURES + 10)
                    .isBetween(AuthGuard.ACCOUNT_FAILURES, AuthGuard.ACCOUNT_FAILURES + 2);
            Thread.sleep(AuthGuard.ACCOUNT_INTERVAL_MILLIS + 100);
            Sockets.Answer admin = Sockets.exchange("127.0.0.25", http, get("/api/v1/auth/me", ServerFixture.basic("admin")));
            assertThat(admin.status()).as("the real admin, from a new address, while the account is attacked").isEqualTo(200);

            // 2. floods, with the heap measured before and after
            flood(fx, 2_000); // warm-up: classes loaded and compiled, pools and caches at their working size
            long before = heapAfterGc();
            flood(fx, 20_000);
            long after = heapAfterGc();
            System.out.printf("abuse run: heap after GC %d kB before the floods, %d kB after%n", before >> 10, after >> 10);
            assertThat(after - before).as("heap growth over the floods (before %d kB, after %d kB)", before >> 10, after >> 10)
                    .isLessThan(HEAP_GROWTH_LIMIT);
            List<Socket> trickling = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                Socket s = new Socket("127.0.0.1", http);
                s.getOutputStream().write("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                trickling.add(s);
            }
            try {
                for (Socket s : trickling) {
                    assertThat(Sockets.closedWithin(s, 10_000)).as("a request not whole after the 2 s deadline is cut off").isTrue();
                }
            } finally {
                Sockets.closeAll(trickling);
            }

            // 3. no secret in any answer of the run (but the ones that handed them out) or any log line
            for (String a : answers) {
                for (String s : secrets) {
                    assertThat(a).as("an answer of the run").doesNotContain(s);
                }
            }
            List<String> lines = logs.lines();
            assertThat(lines).as("log lines captured").isNotEmpty();
            for (String line : lines) {
                for (String s : secrets) {
                    assertThat(line).as("a log line").doesNotContain(s);
                }
            }

            // 4. and authorization is what it was
            assertThat(AuthorizationMatrix.failures(fx)).isEmpty();
        }
    }

    /** Requests from one address until one is refused (429, RTSP 503); how many were answered as wrong guesses before it. */
    private int refusedAfter(int port, String from, java.util.function.IntFunction<String> request) throws Exception {
        int wrong = 0;
        try (Sockets.Connection c = new Sockets.Connection(from, port)) {
            for (int i = 1; i <= AuthGuard.SOURCE_FAILURES + 5; i++) {
                Sockets.Answer a = c.send(request.apply(i));
                answers.add(a.head() + a.body());
                if (a.status() == 429 || a.status() == 503) {
                    assertThat(a.head()).contains("Retry-After");
                    refusals.add(from + " after " + wrong + ": " + a.body());
                    return wrong;
                }
                assertThat(a.status()).as("guess %d from %s: %s", i, from, a.head()).isEqualTo(401);
                wrong++;
            }
        }
        return wrong;
    }

    /**
     * {@code n} requests of each hostile kind: unknown static paths (each a new name), API calls
     * without credentials, logins with 64 KiB names from five addresses, RTSP connections that
     * describe and drop. Answers are checked for secrets as they come, not kept.
     */
    private void flood(ServerFixture fx, int n) throws Exception {
        int http = fx.server.httpPort();
        try (Sockets.Connection c = new Sockets.Connection("127.0.0.30", http)) {
            for (int i = 0; i < n; i++) {
                keep(c.send(get("/assets/nosuch-" + i + "-" + System.nanoTime() + ".js", null)), 404);
                keep(c.send(get("/api/v1/cameras/a/spans?from=0&to=" + i, null)), 401);
            }
        }
        String huge = "x".repeat(64 * 1024);
        // each a PBKDF2 until its address is cut off after 10: five addresses keep the run short
        for (int i = 0; i < Math.min(n / 200, 100); i++) {
            String from = "127.0.1." + (1 + i % 5);
            keep(Sockets.exchange(from, http, post("/api/v1/auth/login", null, "{\"user\":\"" + huge + i + "\",\"password\":\"x\"}")), -1);
        }
        for (int i = 0; i < Math.min(n / 10, 2_000); i++) {
            keep(Sockets.exchange("127.0.0.31", fx.server.rtspPort(), "DESCRIBE rtsp://127.0.0.1/a RTSP/1.0\r\nCSeq: 1\r\n\r\n"), 401);
        }
    }

    private int checked;

    private void keep(Sockets.Answer a, int expected) {
        if (expected > 0) {
            assertThat(a.status()).as(a.head()).isEqualTo(expected);
        }
        // a sample is kept for the secret scan (every answer would hold megabytes of the same 404)
        if (checked++ % 997 == 0) {
            answers.add(a.head() + a.body());
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String get(String path, String authorization) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "\r\n";
    }

    private static String post(String path, String authorization, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\n" + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n" + json;
    }

    /** Used heap after full collections, once it stops falling. */
    private static long heapAfterGc() throws InterruptedException {
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(200);
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (used >= last - (1 << 20)) {
                return Math.min(used, last);
            }
            last = used;
        }
        return last;
    }
}
