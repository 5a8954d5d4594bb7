package io.nightjar.api.rtsp;

import static io.nightjar.api.testing.ServerFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.nightjar.api.testing.ServerFixture;
import io.nightjar.recorder.testing.GstRtspCamera;
import io.nightjar.api.testing.Sockets;
import java.nio.charset.StandardCharsets;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RTSP server's limits and framing, with a 1 s session timeout so that expiry is seen in a
 * test: idle connections and sessions never played end, playing ones do not; UDP ports come from
 * the configured range; a client's interleaved frame does not desynchronise requests; an oversized
 * body gets an RTSP answer; one user cannot take every session, one address every connection.
 */
class RtspServerLimitsIT {
    @TempDir
    static Path dir;

    static final int SESSIONS_PER_USER = 3;
    static final int PER_SOURCE = 12;

    static GstRtspCamera cam;
    static ServerFixture fx;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        cam = GstRtspCamera.builder().h264().size(320, 180).fps(25).gop(25).start();
        fx = new ServerFixture(dir.resolve("data"), c -> {
            c.server.rtspSessionTimeoutSeconds = 1;
            c.server.rtspUdpPorts = "51000-51003";
            c.server.rtspSessionsPerUser = SESSIONS_PER_USER;
            c.server.maxConnectionsPerSource = PER_SOURCE;
        });
        fx.addRecordingCamera("yard", "\"id\":\"yard\",\"url\":\"" + cam.url() + "\"", 15_000);
        token = fx.post("/api/v1/auth/tokens", "viewer", "{\"label\":\"rtsp\"}").json().get("token").asText();
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
        if (cam != null) {
            cam.close();
        }
    }

    private String url() {
        return fx.rtsp(null, "/yard?token=" + token);
    }

    @Test
    void oneUserCannotTakeEverySessionAndOthersStillGetTheirs() throws Exception {
        String operator = fx.post("/api/v1/auth/tokens", "operator", "{\"label\":\"rtsp\"}").json().get("token").asText();
        List<RawRtspClient> clients = new ArrayList<>();
        int before = fx.server.rtsp().sessions();
        try {
            for (int i = 0; i <= SESSIONS_PER_USER; i++) {
                RawRtspClient c = new RawRtspClient(fx.server.rtspPort(), 0);
                clients.add(c);
                RawRtspClient.Reply setup = c.request("SETUP", url().replace("/yard?", "/yard/trackID=0?"),
                        "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
                if (i < SESSIONS_PER_USER) {
                    assertThat(setup.status()).as("session %d of the viewer", i + 1).isEqualTo(200);
                } else {
                    assertThat(setup.status()).as("one past the viewer's limit").isEqualTo(453);
                    assertThat(setup.body()).contains("too many sessions for user viewer");
                }
            }
            RawRtspClient other = new RawRtspClient(fx.server.rtspPort(), 0);
            clients.add(other);
            assertThat(other.request("SETUP", fx.rtsp(null, "/yard/trackID=0?token=" + operator), "Transport: RTP/AVP/TCP;unicast;interleaved=0-1")
                    .status()).as("another user meanwhile").isEqualTo(200);
        } finally {
            for (RawRtspClient c : clients) {
                c.close();
            }
        }
        assertThat(eventually(5_000, () -> fx.server.rtsp().sessions() == before)).as("closing the connections gave the slots back").isTrue();
    }

    @Test
    void connectionsPastThePerAddressLimitAreClosedAtOnce() throws Exception {
        assertThat(eventually(5_000, () -> fx.server.rtsp().connections().open() == 0)).as("other tests' connections gone").isTrue();
        long refusedBefore = fx.server.rtsp().connections().refused();
        List<Socket> sockets = Sockets.open(fx.server.rtspPort(), PER_SOURCE + 4);
        try {
            // silent connections end after 2 s here (1 s timeout + grace): look within 1 s
            List<Boolean> closed = Sockets.closedByServer(sockets, 1_000);
            // which four is up to the order the event loops see them in, not the order of connecting
            assertThat(closed.stream().filter(c -> c).count()).as("%d kept, the rest closed at once: %s", PER_SOURCE, closed).isEqualTo(4);
            assertThat(fx.server.rtsp().connections().refused() - refusedBefore).as("refusals counted").isEqualTo(4);
        } finally {
            Sockets.closeAll(sockets);
        }
        assertThat(eventually(5_000, () -> {
            try (RawRtspClient c = new RawRtspClient(fx.server.rtspPort(), 0)) {
                return c.request("OPTIONS", url()).status() == 200;
            } catch (Exception e) {
                return false;
            }
        })).as("accepted again once they are closed").isTrue();
    }

    /**
     * Found by RtspServerInputFuzz: a CSeq that is not a number was echoed into the answer, Netty
     * refused the header and the connection closed without one; a playback URL whose start is not
     * a time was a 500 with a stack trace in the log. Both are a 400 that says why, and the
     * connection goes on.
     */
    @Test
    void aBadCSeqOrPlaybackTimeIsA400AndTheConnectionGoesOn() throws Exception {
        try (RawRtspClient c = new RawRtspClient(fx.server.rtspPort(), 0)) {
            c.sendRaw("OPTIONS " + url() + " RTSP/1.0\r\nCSeq: 1\u000b2\r\n\r\n");
            RawRtspClient.Reply bad = c.readReply();
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.body()).contains("CSeq must be a number");
            RawRtspClient.Reply time = c.request("DESCRIBE", fx.rtsp(null, "/yard?start=yesterday&token=" + token));
            assertThat(time.status()).isEqualTo(400);
            assertThat(time.body()).contains("'start' must be");
            assertThat(c.request("OPTIONS", url()).status()).as("the same connection still answers").isEqualTo(200);
        }
    }

    @Test
    void aConnectionThatDescribesAndLeavesItOpenIsClosed() throws Exception {
        try (RawRtspClient c = new RawRtspClient(fx.server.rtspPort(), 0)) {
            assertThat(c.request("DESCRIBE", url()).status()).isEqualTo(200);
            assertThat(c.closedWithin(10_000)).as("closed after the timeout with nothing playing").isTrue();
        }
    }

    @Test
    void aSessionSetUpButNeverPlayedEndsAndFreesItsSlot() throws Exception {
        int before = fx.server.rtsp().sessions();
        try (RawRtspClient c = new RawRtspClient(fx.server.rtspPort(), 0)) {
            assertThat(c.request("DESCRIBE", url()).status()).isEqualTo(200);
            assertThat(c.request("SETUP", url().replace("/yard?", "/yard/trackID=0?"), "Transport: RTP/AVP/TCP;unicast;interleaved=0-1")
                    .status()).isEqualTo(200);
            assertThat(fx.server.rtsp().sessions()).isEqualTo(before + 1);
            assertThat(c.closedWithin(10_000)).isTrue();
        }
        assertThat(eventually(5_000, () -> fx.server.rtsp().sessions() == before)).as("the session's slot was given back").isTrue();
    }

    @Test
    void aPlayingTcpSessionOutlivesTheTimeout() throws Exception {
        try (RawRtspClient c = new RawRtspClient(fx.server.rtspPort(), 0)) {
            assertThat(c.request("DESCRIBE", url()).status()).isEqualTo(200);
            RawRtspClient.Reply setup = c.request("SETUP", url().replace("/yard?", "/yard/trackID=0?"),
                    "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
            String session = setup.headers().get("session").split(";")[0];
            assertThat(c.request("PLAY", url(), "Session: " + session).status()).isEqualTo(200);
            long end = System.nanoTime() + 5_000_000_000L;
            int frames = 0;
            while (System.nanoTime() < end) {
                c.readFrame();
                frames++;
            }
            assertThat(frames).as("packets kept coming for 5 s, past the 1 s timeout and its grace").isGreaterThan(100);
        }
    }

    @Test
    void udpSetupAnswersWithServerPortsFromTheConfiguredRange() throws Exception {
        try (RawRtspClient c = new RawRtspClient(fx.server.rtspPort(), 0)) {
            assertThat(c.request("DESCRIBE", url()).status()).isEqualTo(200);
            RawRtspClient.Reply setup = c.request("SETUP", url().replace("/yard?", "/yard/trackID=0?"),
                    "Transport: RTP/AVP;unicast;client_port=47000-47001");
            assertThat(setup.status()).isEqualTo(200);
            assertThat(setup.headers().get("transport")).matches(".*server_port=5100[02]-5100[13].*");
        }
    }

    @Test
    void anInterleavedFrameFromTheClientDoesNotDesynchroniseRequests() throws Exception {
        try (RawRtspClient c = new RawRtspClient(fx.server.rtspPort(), 0)) {
            // an RTCP receiver report on channel 1, the way clients send them, then a request in the same write
            byte[] rr = {'$', 1, 0, 8, (byte) 0x80, (byte) 201, 0, 1, 0, 0, 0, 1};
            byte[] options = "OPTIONS rtsp://127.0.0.1/yard RTSP/1.0\r\nCSeq: 40\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            byte[] both = new byte[rr.length + options.length];
            System.arraycopy(rr, 0, both, 0, rr.length);
            System.arraycopy(options, 0, both, rr.length, options.length);
            c.sendBytes(both);
            RawRtspClient.Reply r = c.readReply();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.headers().get("cseq")).isEqualTo("40");
            // a frame split across writes, its length field last
            c.sendBytes(new byte[] {'$', 0});
            Thread.sleep(50);
            c.sendBytes(new byte[] {0, 2, 7, 7});
            assertThat(c.request("OPTIONS", fx.rtsp(null, "/yard")).status()).isEqualTo(200);
        }
    }

    @Test
    void anOversizedBodyIsAnsweredInRtspNotHttp() throws Exception {
        try (RawRtspClient c = new RawRtspClient(fx.server.rtspPort(), 0)) {
            c.sendRaw("SET_PARAMETER " + url() + " RTSP/1.0\r\nCSeq: 7\r\nContent-Type: text/parameters\r\nContent-Length: 100000\r\n\r\n");
            RawRtspClient.Reply r = c.readReply();
            assertThat(r.statusLine()).startsWith("RTSP/1.0 413");
            assertThat(r.headers().get("cseq")).isEqualTo("7");
        }
    }
}
