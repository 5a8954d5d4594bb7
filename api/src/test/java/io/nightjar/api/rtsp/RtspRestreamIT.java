package io.nightjar.api.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightjar.api.testing.ServerFixture;
import io.nightjar.recorder.testing.GstRtspCamera;
import io.nightjar.recorder.testing.Tools;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RTSP server as VMS clients and players use it, against a real recorded GStreamer camera. */
class RtspRestreamIT {
    @TempDir
    static Path dir;

    static GstRtspCamera cam;
    static ServerFixture fx;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        cam = GstRtspCamera.builder().h264().size(640, 360).fps(25).gop(25).start();
        fx = new ServerFixture(dir.resolve("data"));
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

    static String out(Tools.Result r) {
        return r.stdout() + r.stderr();
    }

    @Test
    void credentialsAreCheckedWithDigestAndPerCamera() {
        Tools.Result wrong = Tools.run(30, "ffprobe", "-v", "error", "-rtsp_transport", "tcp",
                fx.rtsp(null, "/yard").replace("rtsp://", "rtsp://viewer:wrong-password@"));
        assertThat(wrong.exitCode()).isNotZero();
        assertThat(out(wrong)).contains("401");
        Tools.Result none = Tools.run(30, "ffprobe", "-v", "error", "-rtsp_transport", "tcp", fx.rtsp(null, "/yard"));
        assertThat(out(none)).contains("401");
        Tools.Result scoped = Tools.run(30, "ffprobe", "-v", "error", "-rtsp_transport", "tcp", fx.rtsp("scoped", "/yard"));
        assertThat(out(scoped)).contains("403");
        Tools.Result missing = Tools.run(30, "ffprobe", "-v", "error", "-rtsp_transport", "tcp", fx.rtsp("viewer", "/nope"));
        assertThat(out(missing)).contains("404");
    }

    @Test
    void aStuckReaderNeverSlowsAnotherReaderOrTheRecording() throws Exception {
        try (RawRtspClient stuck = new RawRtspClient(fx.server.rtspPort(), 4096)) {
            String url = fx.rtsp(null, "/yard?token=" + token);
            assertThat(stuck.request("DESCRIBE", url, "Accept: application/sdp").status()).isEqualTo(200);
            RawRtspClient.Reply setup = stuck.request("SETUP", url.replace("/yard?", "/yard/trackID=0?"),
                    "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
            assertThat(setup.status()).isEqualTo(200);
            String session = setup.headers().get("session").split(";")[0];
            assertThat(stuck.request("PLAY", url, "Session: " + session).status()).isEqualTo(200);
            // from here on the stuck reader reads nothing
            long writtenBefore = fx.get("/api/v1/cameras/yard/health", "viewer").json().at("/writer/framesWritten").asLong();
            long t0 = System.nanoTime();
            Tools.Result other = Tools.run(60, "ffprobe", "-v", "error", "-rtsp_transport", "tcp", "-count_frames", "-read_intervals",
                    "%+6", "-select_streams", "v", "-show_entries", "stream=nb_read_frames", "-of", "compact", fx.rtsp("viewer", "/yard"));
            assertThat(other.exitCode()).as(out(other)).isZero();
            int frames = Integer.parseInt(out(other).replaceAll("(?s).*nb_read_frames=(\\d+).*", "$1"));
            assertThat(frames).as("a full 6 s at 25 fps for the other reader").isGreaterThanOrEqualTo(140);
            long writtenAfter = fx.get("/api/v1/cameras/yard/health", "viewer").json().at("/writer/framesWritten").asLong();
            double seconds = (System.nanoTime() - t0) / 1e9;
            // frames are counted as fragments are written, about one a second: up to a second's worth at either end is not counted yet
            assertThat(writtenAfter - writtenBefore).as("recording went on at full rate (25 fps) over %.1f s", seconds)
                    .isGreaterThanOrEqualTo((long) ((seconds - 2) * 25));
            assertThat(fx.server.ring().rejectedFull()).isZero();
        }
    }

    @Test
    void rangeClockPlaysTheRecordingFromTheRequestedInstant() throws Exception {
        Thread.sleep(4000);
        long at = System.currentTimeMillis() - 3000;
        String clock = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC).format(Instant.ofEpochMilli(at)) + "Z";
        try (RawRtspClient c = new RawRtspClient(fx.server.rtspPort(), 0)) {
            String url = fx.rtsp(null, "/yard?token=" + token);
            RawRtspClient.Reply describe = c.request("DESCRIBE", url, "Require: onvif-replay");
            assertThat(describe.status()).isEqualTo(200);
            assertThat(describe.body()).contains("a=rtpmap:96 H264/90000", "sprop-parameter-sets=", "a=range:clock=");
            RawRtspClient.Reply setup = c.request("SETUP", url.replace("/yard?", "/yard/trackID=0?"),
                    "Transport: RTP/AVP/TCP;unicast;interleaved=2-3");
            assertThat(setup.headers().get("transport")).contains("interleaved=2-3");
            String session = setup.headers().get("session").split(";")[0];
            RawRtspClient.Reply play = c.request("PLAY", url, "Session: " + session, "Range: clock=" + clock + "-");
            assertThat(play.status()).isEqualTo(200);
            assertThat(play.headers().get("range")).startsWith("clock=" + clock.replace("Z", ""));
            RawRtspClient.Frame first = c.readFrame();
            assertThat(first.channel()).isEqualTo(2);
            assertThat(first.data()[0] & 0xC0).as("RTP version 2").isEqualTo(0x80);
            assertThat(first.data()[12] & 0x1F).as("the parameter sets come first").isEqualTo(7);
            int markers = 0;
            long start = System.nanoTime();
            while (System.nanoTime() - start < 2_000_000_000L) {
                RawRtspClient.Frame f = c.readFrame();
                if (f.channel() == 2 && (f.data()[1] & 0x80) != 0) {
                    markers++;
                }
            }
            assertThat(markers).as("frames in 2 s of paced playback (plus the GOP before the start)").isBetween(40, 90);
            c.sendRaw("TEARDOWN " + url + " RTSP/1.0\r\nCSeq: 9\r\nSession: " + session + "\r\n\r\n");
        }
    }

    @Test
    void aTokenInTheUrlHoldsForTheWholeSessionWithFfmpegAndGstreamer() {
        String url = fx.rtsp(null, "/yard?token=" + token);
        Tools.Result ff = Tools.run(60, "ffprobe", "-v", "error", "-rtsp_transport", "tcp", "-count_frames", "-read_intervals", "%+2",
                "-select_streams", "v", "-show_entries", "stream=nb_read_frames", "-of", "compact", url);
        assertThat(ff.exitCode()).as("ffprobe on %s: %s", url, out(ff)).isZero();
        assertThat(Integer.parseInt(out(ff).replaceAll("(?s).*nb_read_frames=(\\d+).*", "$1"))).isPositive();
        Tools.Result gst = Tools.run(60, "gst-launch-1.0", "-q", "rtspsrc", "location=" + url, "protocols=tcp", "!", "rtph264depay", "!",
                "h264parse", "!", "identity", "eos-after=25", "!", "fakesink");
        assertThat(gst.exitCode()).as("gst-launch rtspsrc on %s: %s", url, out(gst)).isZero();
    }

    @Test
    void aStartInTheUrlPlaysTheRecordingNotLiveWithFfmpegAndGstreamer() throws Exception {
        Thread.sleep(3000);
        String start = DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(System.currentTimeMillis() - 3000));
        String url = fx.rtsp(null, "/yard?token=" + token + "&start=" + start);
        long before = System.currentTimeMillis();
        Tools.Result ff = Tools.run(60, "ffprobe", "-v", "error", "-rtsp_transport", "tcp", "-count_frames", "-read_intervals", "%+2",
                "-select_streams", "v", "-show_entries", "stream=nb_read_frames", "-of", "compact", url);
        assertThat(ff.exitCode()).as("ffprobe on %s: %s", url, out(ff)).isZero();
        Tools.Result gst = Tools.run(60, "gst-launch-1.0", "-q", "rtspsrc", "location=" + url, "protocols=tcp", "!", "rtph264depay", "!",
                "h264parse", "!", "identity", "eos-after=25", "!", "fakesink");
        assertThat(gst.exitCode()).as("gst-launch rtspsrc on %s: %s", url, out(gst)).isZero();
        com.fasterxml.jackson.databind.JsonNode audit = fx.get("/api/v1/audit?from=" + before, "admin").json();
        long playbacks = 0;
        long lives = 0;
        for (com.fasterxml.jackson.databind.JsonNode a : audit) {
            if ("yard".equals(a.path("camera").asText()) && "rtsp".equals(a.path("detail").asText())) {
                playbacks += a.path("action").asText().equals("playback") ? 1 : 0;
                lives += a.path("action").asText().equals("live") ? 1 : 0;
            }
        }
        assertThat(playbacks).as("both clients played the recording (audit: %s)", audit).isEqualTo(2);
        assertThat(lives).as("neither got live video instead").isZero();
    }

    @Test
    void malformedRequestsGetAnErrorAndTheConnectionStaysUsable() throws Exception {
        try (RawRtspClient c = new RawRtspClient(fx.server.rtspPort(), 0)) {
            RawRtspClient.Reply bad = c.request("DESCRIBE", "rtsp://127.0.0.1/a/b/c/d?token=" + token);
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.body()).contains("path");
            RawRtspClient.Reply noTransport = c.request("SETUP", fx.rtsp(null, "/yard/trackID=0?token=" + token));
            assertThat(noTransport.status()).isEqualTo(400);
            assertThat(noTransport.body()).contains("Transport");
            RawRtspClient.Reply noSession = c.request("PLAY", fx.rtsp(null, "/yard?token=" + token), "Session: nope");
            assertThat(noSession.status()).isEqualTo(454);
            c.sendRaw("\u0000\u0001garbage that is not RTSP\r\n\r\n");
            RawRtspClient.Reply after = c.request("OPTIONS", fx.rtsp(null, "/yard"));
            assertThat(after.status()).isEqualTo(200);
            assertThat(after.headers().get("public")).contains("DESCRIBE", "PLAY");
        }
    }
}
