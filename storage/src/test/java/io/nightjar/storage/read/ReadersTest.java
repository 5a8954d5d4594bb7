package io.nightjar.storage.read;

import static io.nightjar.storage.testing.Times.T0;
import static io.nightjar.storage.testing.Times.seconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightjar.recorder.testing.ClipFeeder;
import io.nightjar.recorder.testing.TestClips;
import io.nightjar.recorder.testing.Tools;
import io.nightjar.storage.Storage;
import io.nightjar.storage.StorageConfig;
import io.nightjar.storage.StorageException;
import io.nightjar.storage.testing.StorageFixture;
import io.nightjar.storage.writer.FileHasher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spans, HLS and exact export over a recording with a reconnect gap and a camera that went
 * silent: 0-30 s, gap 30-40 s (reconnect), 40-70 s, then the camera stops.
 */
class ReadersTest {
    @TempDir
    static Path dir;

    static final TestClips.Clip CLIP = TestClips.h264(640, 360, 25, 25, 2);

    @BeforeAll
    static void record() throws Exception {
        StorageFixture fx = new StorageFixture(dir);
        ClipFeeder f = fx.feeder("cam1", CLIP);
        f.feed(T0, 750, true);
        f.feed(T0 + seconds(40), 750, true);
        fx.close();
    }

    private static Storage open() {
        return Storage.open(StorageConfig.defaults(dir));
    }

    @Test
    void spansAreCoalescedWithGapsAndTheirReasons() {
        try (Storage s = open()) {
            List<Span> spans = s.spans("cam1", T0 - seconds(10), T0 + seconds(100));
            assertThat(spans).containsExactly(
                    new Span(T0 - seconds(10), T0, false, "no recording"),
                    new Span(T0, T0 + seconds(30), true, null),
                    new Span(T0 + seconds(30), T0 + seconds(40), false, "camera reconnected (stream interrupted)"),
                    new Span(T0 + seconds(40), T0 + seconds(70), true, null),
                    new Span(T0 + seconds(70), T0 + seconds(100), false, "Nightjar stopped"));
            assertThat(s.spans("cam1", T0 + seconds(5), T0 + seconds(6))).containsExactly(new Span(T0 + seconds(5), T0 + seconds(6), true, null));
            assertThat(s.spans("nobody", T0, T0 + 1)).containsExactly(new Span(T0, T0 + 1, false, "no recording"));
        }
    }

    @Test
    void anHlsPlaylistOfARangeAcrossTheGapDecodesEveryFrameWithoutError() throws Exception {
        Path m3u8;
        try (Storage s = open()) {
            m3u8 = io.nightjar.storage.testing.LocalHls.write(s, "cam1", T0 + seconds(20.5), T0 + seconds(50), dir, "range");
        }
        String playlist = Files.readString(m3u8);
        assertThat(playlist).startsWith("#EXTM3U").contains("#EXT-X-MAP:URI=", "#EXT-X-INDEPENDENT-SEGMENTS", "#EXT-X-ENDLIST");
        assertThat(playlist.lines().filter(l -> l.startsWith("#EXTINF")).count()).as("GOPs 20-30 s and 40-50 s").isEqualTo(20);
        assertThat(Tools.decodeErrors(List.of("-allowed_extensions", "ALL"), m3u8.toString())).isEmpty();
        Tools.Result frames = Tools.run(60, "ffprobe", "-v", "error", "-allowed_extensions", "ALL", "-count_frames",
                "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", m3u8.toString());
        assertThat(frames.stdout().trim().lines().findFirst().orElse("")).as("every stored frame decoded").isEqualTo("500");
    }

    @Test
    void anExportOfTenSecondsLastsTenSecondsAndStartsAtTheRequestedInstant() throws Exception {
        Path out = dir.resolve("export.mp4");
        long from = T0 + seconds(3.52);
        Mp4Exporter.Result r;
        try (Storage s = open()) {
            r = s.exporter().export("cam1", from, from + seconds(10), out);
        }
        assertThat(r.plan().firstSampleMicros()).as("media starts at the keyframe before").isEqualTo(T0 + seconds(3));
        assertThat(Tools.decodeErrors(List.of(), out.toString())).isEmpty();
        Tools.Result frames = Tools.run(60, "ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                "frame=pts_time:format=duration", "-of", "csv=p=0", out.toString());
        List<Double> times = new ArrayList<>();
        double duration = 0;
        for (String line : frames.stdout().split("\n")) {
            String v = line.replace(",", "").trim();
            if (!v.isEmpty()) {
                times.add(Double.parseDouble(v));
            }
        }
        duration = times.remove(times.size() - 1); // format duration comes last
        assertThat(duration).as("duration within one frame of 10 s").isCloseTo(10.0, org.assertj.core.data.Offset.offset(0.04));
        double firstShown = times.stream().filter(t -> t >= -1e-6).findFirst().orElseThrow();
        assertThat(firstShown).as("first presented frame at the requested instant").isCloseTo(0.0, org.assertj.core.data.Offset.offset(0.04));
        assertThat(times.stream().filter(t -> t >= -1e-6).count()).as("10 s of frames shown").isBetween(249L, 251L);
    }

    @Test
    void anExportAcrossTheGapKeepsWallClockTimeAndItsManifestTellsTheTruth() throws Exception {
        Path out = dir.resolve("across.mp4");
        Mp4Exporter.Result r;
        try (Storage s = open()) {
            s.hasher().awaitIdle(10_000);
            r = s.exporter().export("cam1", T0 + seconds(25), T0 + seconds(45), out);
        }
        assertThat(Tools.decodeErrors(List.of(), out.toString())).isEmpty();
        java.util.Map<String, String> probe = Tools.probeVideo(out);
        assertThat(Double.parseDouble(probe.get("duration"))).as("the gap is kept as time").isCloseTo(20.0, org.assertj.core.data.Offset.offset(0.05));
        assertThat(Integer.parseInt(probe.get("nb_read_frames"))).isEqualTo(250);
        JsonNode m = new ObjectMapper().readTree(Files.readString(r.manifestFile()));
        assertThat(m.get("export").get("sha256").asText()).isEqualTo(FileHasher.sha256(out, Files.size(out)));
        assertThat(m.get("export").get("bytes").asLong()).isEqualTo(Files.size(out));
        assertThat(m.get("requested").get("fromMicros").asLong()).isEqualTo(T0 + seconds(25));
        assertThat(m.get("actual").get("toMicros").asLong()).isEqualTo(T0 + seconds(45));
        assertThat(m.get("sources")).hasSize(2);
        for (JsonNode src : m.get("sources")) {
            assertThat(src.get("sha256").asText()).hasSize(64);
            assertThat(FileHasher.sha256(dir.resolve(src.get("path").asText()), Files.size(dir.resolve(src.get("path").asText()))))
                    .isEqualTo(src.get("sha256").asText());
        }
        assertThat(m.get("gaps")).hasSize(1);
        assertThat(m.get("gaps").get(0).get("reason").asText()).contains("reconnected");
    }

    @Test
    void anExportWithoutFootageSaysSo() {
        try (Storage s = open()) {
            assertThatThrownBy(() -> s.exporter().export("cam1", T0 + seconds(200), T0 + seconds(210), dir.resolve("none.mp4")))
                    .isInstanceOf(StorageException.class).hasMessageContaining("no footage");
        }
    }
}
