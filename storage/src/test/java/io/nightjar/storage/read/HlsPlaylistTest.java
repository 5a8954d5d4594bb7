package io.nightjar.storage.read;

import static io.nightjar.storage.testing.Times.T0;
import static io.nightjar.storage.testing.Times.seconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nightjar.recorder.testing.ClipFeeder;
import io.nightjar.recorder.testing.TestClips;
import io.nightjar.recorder.testing.Tools;
import io.nightjar.storage.Storage;
import io.nightjar.storage.StorageConfig;
import io.nightjar.storage.index.FileRecord;
import io.nightjar.storage.index.FragmentRecord;
import io.nightjar.recorder.media.mp4.Mp4FormatException;
import io.nightjar.storage.testing.LocalHls;
import io.nightjar.storage.testing.StorageFixture;
import io.nightjar.storage.writer.WriterSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HLS over a recording with everything that breaks players: 2 s GOPs cut into 1 s fragments (half
 * the fragments start with a P-frame), a file rotation at 60 s, a reconnect gap 80-90 s, and a
 * change of codec (H.264 to H.265) at 100 s.
 */
class HlsPlaylistTest {
    @TempDir
    static Path dir;

    static final TestClips.Clip H264 = TestClips.h264(640, 360, 25, 50, 4);
    static final TestClips.Clip H265 = TestClips.h265(640, 360, 25, 50, 4);

    @BeforeAll
    static void record() throws Exception {
        StorageFixture fx = new StorageFixture(dir, c -> c.withWriter(WriterSettings.defaults().withSegmentMinutes(1)));
        ClipFeeder avc = fx.feeder("cam", H264);
        avc.feed(T0, 2000, true);                 // 0-80 s: rotation at 60 s
        avc.feed(T0 + seconds(90), 250, true);    // 90-100 s after a reconnect
        fx.drain();
        fx.feeder("cam", H265).feed(T0 + seconds(100), 250, true); // 100-110 s, another codec
        fx.close();
    }

    private static Storage open() {
        return Storage.open(StorageConfig.defaults(dir));
    }

    private static List<String> lines(Path m3u8, String prefix) throws Exception {
        return Files.readAllLines(m3u8).stream().filter(l -> l.startsWith(prefix)).toList();
    }

    @Test
    void theRecordingHasTheBoundariesThisTestIsAbout() {
        try (Storage s = open()) {
            List<FileRecord> files = s.index().files().all();
            assertThat(files).hasSize(4);
            assertThat(files.get(0).end().kind()).isEqualTo(io.nightjar.storage.index.FileEnd.Kind.ROTATION);
            assertThat(files.get(1).end().kind()).isEqualTo(io.nightjar.storage.index.FileEnd.Kind.NEW_RUN);
            assertThat(files.get(2).codec()).isNotEqualTo(files.get(3).codec());
            List<FragmentRecord> fragments = s.index().fragments().range("cam", 0, Long.MAX_VALUE);
            assertThat(fragments).filteredOn(f -> !f.key()).as("fragments starting with a P-frame").hasSizeGreaterThan(40);
        }
    }

    @Test
    void everySegmentStartsAtAKeyframeSoTheIndependentSegmentsDeclarationIsTrue() throws Exception {
        Path m3u8;
        try (Storage s = open()) {
            m3u8 = LocalHls.write(s, "cam", T0 + seconds(1), T0 + seconds(100), dir, "keys");
        }
        assertThat(lines(m3u8, "#EXT-X-INDEPENDENT-SEGMENTS")).hasSize(1);
        List<String> segments = Files.readAllLines(m3u8).stream().filter(l -> l.endsWith(".m4s")).toList();
        assertThat(segments).as("one segment per 2 s GOP: 0-80 s and 90-100 s").hasSize(45);
        Path init = Path.of(lines(m3u8, "#EXT-X-MAP").get(0).replaceAll(".*URI=\"([^\"]+)\".*", "$1"));
        for (String segment : segments) {
            Path joined = dir.resolve("joined.mp4");
            Files.write(joined, Files.readAllBytes(init));
            Files.write(joined, Files.readAllBytes(Path.of(segment)), java.nio.file.StandardOpenOption.APPEND);
            Tools.Result first = Tools.run(30, "ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                    "packet=flags", "-read_intervals", "%+#1", "-of", "csv=p=0", joined.toString());
            assertThat(first.stdout().trim()).as("first packet of %s", segment).startsWith("K");
        }
    }

    @Test
    void oneInitSegmentServesTheWholeRunAcrossRotationAndGapsAndTimestampsNeverGoBack() throws Exception {
        Path m3u8;
        long stored = 0;
        try (Storage s = open()) {
            m3u8 = LocalHls.write(s, "cam", T0 + seconds(1), T0 + seconds(100), dir, "run");
            for (FragmentRecord f : s.index().fragments().range("cam", s.index().fragments().playbackStart("cam", T0 + seconds(1)), T0 + seconds(100))) {
                stored += f.frames();
            }
        }
        assertThat(stored).isEqualTo(2250);
        assertThat(lines(m3u8, "#EXT-X-MAP")).as("no second moov for an unchanged configuration").hasSize(1);
        assertThat(lines(m3u8, "#EXT-X-DISCONTINUITY")).isEmpty();
        assertThat(lines(m3u8, "#EXT-X-PROGRAM-DATE-TIME")).as("wall clock on every segment")
                .hasSize(45).contains("#EXT-X-PROGRAM-DATE-TIME:" + java.time.Instant.ofEpochSecond(0, (T0 + seconds(90)) * 1000));
        assertThat(Tools.decodeErrors(List.of("-allowed_extensions", "ALL"), m3u8.toString())).isEmpty();
        Tools.Result frames = Tools.run(120, "ffprobe", "-v", "error", "-allowed_extensions", "ALL", "-select_streams", "v:0",
                "-show_entries", "frame=pkt_dts", "-of", "csv=p=0", m3u8.toString());
        List<Long> dts = new ArrayList<>();
        for (String l : frames.stdout().split("\n")) {
            if (!l.isBlank()) {
                dts.add(Long.parseLong(l.replace(",", "").trim()));
            }
        }
        assertThat(dts).as("every stored frame is decoded").hasSize(2250);
        for (int i = 1; i < dts.size(); i++) {
            assertThat(dts.get(i)).as("decode time of frame %d", i).isGreaterThan(dts.get(i - 1));
        }
        assertThat(dts.get(dts.size() - 1) - dts.get(0)).as("one continuous timeline: 2250 frames of 40 ms")
                .isBetween(2249L * 3600 - 90, 2249L * 3600 + 90);
    }

    @Test
    void aCodecChangeGetsANewInitSegmentAfterADiscontinuity() throws Exception {
        Path m3u8;
        try (Storage s = open()) {
            m3u8 = LocalHls.write(s, "cam", T0 + seconds(95), T0 + seconds(110), dir, "codec");
        }
        List<String> all = Files.readAllLines(m3u8);
        assertThat(lines(m3u8, "#EXT-X-MAP")).hasSize(2);
        assertThat(lines(m3u8, "#EXT-X-DISCONTINUITY")).hasSize(1);
        int discontinuity = all.indexOf("#EXT-X-DISCONTINUITY");
        assertThat(all.get(discontinuity + 1)).startsWith("#EXT-X-MAP");
        Path init = Path.of(all.get(discontinuity + 1).replaceAll(".*URI=\"([^\"]+)\".*", "$1"));
        Tools.Result codec = Tools.run(30, "ffprobe", "-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", init.toString());
        assertThat(codec.stdout().trim()).isEqualTo("hevc");
    }

    @Test
    void aSegmentRangeMustBeWholeIndexedFragments() {
        try (Storage s = open()) {
            FileRecord file = s.index().files().all().get(0);
            FragmentRecord second = s.index().fragments().range("cam", 0, Long.MAX_VALUE).get(1);
            assertThatThrownBy(() -> s.hlsSegment(file, 0, 100, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> s.hlsSegment(file, second.offset(), file.bytes(), 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> s.hlsSegment(file, second.offset() + 1, second.length(), 0)).isInstanceOf(Mp4FormatException.class);
            assertThatThrownBy(() -> s.hlsSegment(file, second.offset(), second.length() - 1, 0)).isInstanceOf(Mp4FormatException.class);
        }
    }
}
