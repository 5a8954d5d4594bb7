package io.nightjar.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightjar.recorder.testing.GstRtspCamera;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code nightjar probe} against a real camera: the technician's report, and one clear line on failure. */
class ProbeCommandIT {
    record Outcome(int exit, String out, String err) {
    }

    static synchronized Outcome probe(String... args) {
        PrintStream original = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            String[] all = new String[args.length + 1];
            all[0] = "probe";
            System.arraycopy(args, 0, all, 1, args.length);
            int exit = NightjarCli.run(all);
            return new Outcome(exit, buf.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
            System.setErr(originalErr);
        }
    }

    @Test
    void reportsWhatATechnicianNeedsToKnow() {
        try (GstRtspCamera cam = GstRtspCamera.builder().h265().size(640, 360).fps(25).gop(50).digestAuth("tech", "pa55").start()) {
            Outcome o = probe(cam.url("tech", "pa55"), "--seconds", "3");
            assertThat(o.exit()).as(o.out()).isZero();
            assertThat(o.out()).contains("server     GStreamer RTSP server", "transport  TCP", "auth       digest MD5",
                    "codec      H265 hvc1.", "resolution 640x360", "gop        50 frames", "loss       0 of");
            assertThat(o.out()).matches("(?s).*fps        2[4-6]\\.\\d\\d measured.*");
            assertThat(o.out()).doesNotContain("pa55");
        }
    }

    @Test
    void aOneSecondProbeMeasuresFpsAndBitrateFromTheFramesTimestamps() {
        try (GstRtspCamera cam = GstRtspCamera.builder().h264().size(640, 360).fps(25).gop(25).start()) {
            Outcome o = probe(cam.url(), "--seconds", "1");
            assertThat(o.exit()).as(o.out() + o.err()).isZero();
            assertThat(o.out()).matches("(?s).*fps        2[4-6]\\.\\d\\d measured.* \\(from the timestamps of \\d+ frames over 0\\.\\d\\d s\\).*");
            assertThat(o.out()).matches("(?s).*bitrate    [1-9]\\d* kbit/s.*");
            assertThat(o.err()).doesNotContain("FAILED");
        }
    }

    @Test
    void failuresAreOneLineWithTheReason() {
        try (GstRtspCamera cam = GstRtspCamera.builder().basicAuth("tech", "pa55").start()) {
            Outcome wrong = probe(cam.url("tech", "nope-wrong"), "--seconds", "1");
            assertThat(wrong.exit()).isEqualTo(1);
            assertThat(wrong.err().trim()).doesNotContain("\n").contains("401").contains("rejected").doesNotContain("nope-wrong");
            assertThat(wrong.out()).as("failures go to stderr").isEmpty();
            Outcome missing = probe(cam.url().replace("/cam", "/other"), "--seconds", "1");
            assertThat(missing.exit()).isEqualTo(1);
            assertThat(missing.err()).containsAnyOf("404", "401");
        }
        Outcome down = probe("rtsp://127.0.0.1:" + GstRtspCamera.freePort() + "/cam", "--seconds", "1");
        assertThat(down.exit()).isEqualTo(1);
        assertThat(down.err()).contains("unreachable").contains("refused");
        Outcome bad = probe("http://x/");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).startsWith("FAILED");
    }

    @Test
    void somethingThatAnswersButNotInRtspIsNamedAsSuch() throws Exception {
        for (String reply : new String[] {"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n", "SSH-2.0-OpenSSH_9.2\r\n"}) {
            try (java.net.ServerSocket server = new java.net.ServerSocket(0, 5, java.net.InetAddress.getByName("127.0.0.1"))) {
                Thread t = new Thread(() -> {
                    try (java.net.Socket s = server.accept()) {
                        s.getOutputStream().write(reply.getBytes(StandardCharsets.US_ASCII));
                        s.getOutputStream().flush();
                        Thread.sleep(15_000); // keep the connection open, as a service that waits for its own protocol
                    } catch (Exception e) {
                        // the probe hung up
                    }
                });
                t.setDaemon(true);
                t.start();
                Outcome o = probe("rtsp://127.0.0.1:" + server.getLocalPort() + "/cam", "--seconds", "1");
                assertThat(o.exit()).isEqualTo(1);
                assertThat(o.err()).as(reply).contains("not in RTSP").contains(String.valueOf(server.getLocalPort()))
                        .contains(reply.substring(0, 8)).doesNotContain("no reply");
            }
        }
    }
}
