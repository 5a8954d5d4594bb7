package io.nightjar.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightjar.api.testing.ServerFixture;
import io.nightjar.api.testing.Sockets;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP listener's bounds with small settings: connections per address (8), a request whole
 * within 2 s of its first byte (a header sent a byte at a time is cut off; a client that pauses
 * between requests is not).
 */
class HttpLimitsIT {
    static final int PER_SOURCE = 8;

    @TempDir
    static Path dir;
    static ServerFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = new ServerFixture(dir.resolve("data"), c -> {
            c.server.maxConnectionsPerSource = PER_SOURCE;
            c.server.requestTimeoutSeconds = 2;
        });
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void connectionsPastThePerAddressLimitAreClosedAtOnceAndCounted() throws Exception {
        long refusedBefore = fx.server.connectionLimits().get("http").refused();
        List<Socket> sockets = Sockets.open(fx.server.httpPort(), PER_SOURCE + 4);
        try {
            List<Boolean> closed = Sockets.closedByServer(sockets, 1_000);
            // at least the four past the limit (more when the fixture's client holds connections too);
            // which ones is up to the order the event loops see them in
            long refused = closed.stream().filter(c -> c).count();
            assertThat(refused).as("closed at once: %s", closed).isBetween(4L, (long) sockets.size());
            assertThat(fx.server.connectionLimits().get("http").refused() - refusedBefore).as("refusals counted").isEqualTo(refused);
        } finally {
            Sockets.closeAll(sockets);
        }
        assertThat(ServerFixture.eventually(5_000, () -> fx.get("/api/v1/auth/me", "viewer").status() == 200))
                .as("once they are closed, connections are accepted again").isTrue();
        assertThat(fx.get("/metrics", "metrics").body()).contains("nightjar_connections_refused_total{listener=\"http\"}");
    }

    @Test
    void aHeaderTrickledAByteAtATimeIsCutOffAtTheRequestDeadline() throws Exception {
        try (Socket s = new Socket("127.0.0.1", fx.server.httpPort())) {
            OutputStream out = s.getOutputStream();
            out.write("GET /healthz HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            boolean closed = false;
            for (int i = 0; i < 20 && !closed; i++) {
                try {
                    out.write('X');
                    out.flush();
                } catch (java.io.IOException e) {
                    closed = true;
                    break;
                }
                closed = Sockets.closedWithin(s, 500);
            }
            assertThat(closed).as("closed while still sending its header").isTrue();
            assertThat((System.nanoTime() - start) / 1e9).as("seconds until it was cut off").isLessThan(10.0);
        }
    }

    @Test
    void aKeepAliveClientThatPausesBetweenRequestsIsNotCutOff() throws Exception {
        try (Socket s = new Socket("127.0.0.1", fx.server.httpPort())) {
            OutputStream out = s.getOutputStream();
            for (int i = 0; i < 2; i++) {
                out.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                s.setSoTimeout(5_000);
                byte[] buf = new byte[4096];
                int n = s.getInputStream().read(buf);
                assertThat(new String(buf, 0, Math.max(n, 0), StandardCharsets.US_ASCII)).as("answer %d", i).startsWith("HTTP/1.1 200");
                Thread.sleep(3_000); // longer than the request deadline, between requests
            }
        }
    }
}
