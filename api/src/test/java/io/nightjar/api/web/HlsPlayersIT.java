package io.nightjar.api.web;

import static io.nightjar.storage.testing.Times.T0;
import static io.nightjar.storage.testing.Times.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.nightjar.api.testing.ServerFixture;
import io.nightjar.recorder.testing.ClipFeeder;
import io.nightjar.recorder.testing.TestClips;
import io.nightjar.recorder.testing.Tools;
import io.nightjar.storage.testing.StorageFixture;
import io.nightjar.storage.writer.WriterSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recorded playback over HTTP in the players people use, across everything that used to break
 * them: 2 s GOPs in 1 s fragments, a file rotation at 60 s and a reconnect gap 80-90 s. Each
 * player must play every stored frame, in order, past both boundaries: ffmpeg, GStreamer's
 * {@code playbin}, VLC 3 and hls.js in Chromium (with seeks). A missing player fails the test.
 */
class HlsPlayersIT {
    @TempDir
    static Path data;
    @TempDir
    static Path work;

    static final int FRAMES = 2250; // 2000 frames 0-80 s, 250 frames 90-100 s
    static ServerFixture fx;
    static String playlist;

    @BeforeAll
    static void recordAndServe() throws Exception {
        StorageFixture recorded = new StorageFixture(data, c -> c.withWriter(WriterSettings.defaults().withSegmentMinutes(1)));
        ClipFeeder f = recorded.feeder("cam", TestClips.h264(640, 360, 25, 50, 4));
        f.feed(T0, 2000, true);
        f.feed(T0 + seconds(90), 250, true);
        recorded.close();
        fx = new ServerFixture(data);
        String token = fx.post("/api/v1/auth/tokens", "viewer", "{\"label\":\"players\"}").json().get("token").asText();
        playlist = fx.base() + "/api/v1/cameras/cam/playlist.m3u8?from=" + (T0 / 1000) + "&to=" + (T0 / 1000 + 100_000) + "&token=" + token;
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void ffmpegDecodesEveryStoredFrameWithoutAnError() {
        assertThat(Tools.decodeErrors(List.of(), playlist)).isEmpty();
        Tools.Result frames = Tools.run(120, "ffprobe", "-v", "error", "-count_frames", "-show_entries", "stream=nb_read_frames",
                "-of", "csv=p=0", playlist);
        assertThat(frames.stdout().trim().lines().findFirst().orElse("")).isEqualTo(String.valueOf(FRAMES));
    }

    @Test
    void gstreamerPlaybinPlaysEveryFrameInOrderToTheEnd() {
        Tools.Result r = Tools.run(180, "gst-launch-1.0", "-v", "playbin", "uri=" + playlist,
                "video-sink=fakesink sync=false silent=false", "audio-sink=fakesink", "flags=video");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout() + r.stderr()).doesNotContain("ERROR");
        List<Double> pts = times(r.stdout(), Pattern.compile("fakesink0: last-message = chain .*?pts: (\\d+):(\\d+):(\\d+\\.\\d+)"));
        assertThat(pts).as("frames played").hasSize(FRAMES);
        for (int i = 1; i < pts.size(); i++) {
            assertThat(pts.get(i)).as("presentation time of frame %d", i).isGreaterThan(pts.get(i - 1));
        }
        assertThat(pts.get(pts.size() - 1) - pts.get(0)).as("one timeline of 2250 frames").isCloseTo(89.96, org.assertj.core.data.Offset.offset(0.05));
    }

    @Test
    void vlcPlaysPastTheFileBoundaryAndTheGap() throws Exception {
        // VLC runs as nobody, who cannot enter the test's private temporary directories
        Path out = Files.createTempDirectory("nightjar-vlc");
        Files.setPosixFilePermissions(out, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        try {
            // VLC's stream output loses the last few frames of any input at its end: measure that on one
            // plain MP4 of the same frames (remuxed by ffmpeg), in the same run, and expect no more
            Path plain = out.resolve("plain.mp4");
            Tools.Result remux = Tools.run(120, "ffmpeg", "-nostdin", "-v", "error", "-i", playlist, "-c", "copy", plain.toString());
            assertThat(remux.exitCode()).as(remux.stderr()).isZero();
            plain.toFile().setReadable(true, false);
            List<Double> fromFile = vlcPackets(plain.toString(), out.resolve("plain.ts"));
            List<Double> fromHls = vlcPackets(playlist, out.resolve("hls.ts"));
            assertThat(fromFile.size()).as("VLC's own loss at the end of a file").isBetween(FRAMES - 10, FRAMES);
            assertThat(fromHls).as("frames VLC played from the playlist").hasSameSizeAs(fromFile);
            for (int i = 1; i < fromHls.size(); i++) {
                assertThat(fromHls.get(i) - fromHls.get(i - 1)).as("no frame missing or repeated before frame %d", i)
                        .isCloseTo(0.04, org.assertj.core.data.Offset.offset(0.002));
            }
        } finally {
            try (var files = Files.list(out)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(out);
        }
    }

    /** Presentation times of the video packets VLC 3 wrote when remuxing {@code input} into MPEG-TS. */
    private static List<Double> vlcPackets(String input, Path ts) {
        List<String> cmd = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.addAll(List.of("runuser", "-u", "nobody", "--")); // VLC refuses to run as root
        }
        cmd.addAll(List.of("cvlc", "-I", "dummy", "--play-and-exit", "--no-audio", "--sout", "#std{access=file,mux=ts,dst=" + ts + "}", input));
        Tools.Result r = Tools.run(300, cmd);
        assertThat(ts).as("VLC wrote what it played: %s", r.stderr()).exists();
        Tools.Result packets = Tools.run(60, "ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time",
                "-of", "csv=p=0", ts.toString());
        List<Double> out = new ArrayList<>();
        for (String l : packets.stdout().split("\n")) {
            if (!l.isBlank()) {
                out.add(Double.parseDouble(l.replace(",", "").trim()));
            }
        }
        return out;
    }

    @Test
    void hlsJsInChromiumPlaysAndSeeksAcrossTheBoundaries() throws Exception {
        try (Browser b = new Browser(work.resolve("profile"), work.resolve("downloads"))) {
            b.driver.get(fx.base() + "/vendor/hls.min.js"); // same origin as the API, hls.js at hand
            b.js("document.documentElement.innerHTML = '<body><video id=v muted></video></body>';"
                    + "window.errors = []; const s = document.createElement('script'); s.src = '/vendor/hls.min.js';"
                    + "s.onload = () => { const h = new Hls(); window.hls = h;"
                    + "  h.on(Hls.Events.ERROR, (e, d) => window.errors.push(d.details + (d.fatal ? ' (fatal)' : '')));"
                    + "  h.loadSource(arguments[0]); h.attachMedia(document.getElementById('v'));"
                    + "  document.getElementById('v').play(); };"
                    + "document.body.appendChild(s);", playlist);
            assertThat(ServerFixture.eventually(20_000, () -> time(b) > 2.0)).as("plays from the start: %s", b.js("return window.errors")).isTrue();
            for (double target : new double[] {58.5, 78.0, 85.0, 30.0}) { // before the rotation, before and after the gap, back
                b.js("document.getElementById('v').currentTime = arguments[0];", target);
                assertThat(ServerFixture.eventually(20_000, () -> time(b) > target + 1.5))
                        .as("plays on after a seek to %s s (at %s s; errors %s)", target, time(b), b.js("return window.errors")).isTrue();
            }
            assertThat(b.js("return window.errors.filter(e => e.includes('fatal') || e.includes('append') || e.includes('Parsing'))"))
                    .asList().isEmpty();
            assertThat(b.js("return document.getElementById('v').error")).isNull();
            Object dates = b.js("return window.hls.levels[0].details.fragments.map(f => f.programDateTime)"
                    + ".filter((t, i, all) => i > 0 && t - all[i - 1] > 5000).length");
            assertThat(((Number) dates).intValue()).as("hls.js knows the wall clock jumps over the 10 s gap").isEqualTo(1);
            b.screenshot("hls-players");
        }
    }

    private static double time(Browser b) {
        Object t = b.js("return document.getElementById('v').currentTime");
        return t instanceof Number n ? n.doubleValue() : 0;
    }

    private static List<Double> times(String text, Pattern p) {
        List<Double> out = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(Integer.parseInt(m.group(1)) * 3600 + Integer.parseInt(m.group(2)) * 60 + Double.parseDouble(m.group(3)));
        }
        return out;
    }

}
