package io.nightjar.storage.read;

import static io.nightjar.storage.testing.Times.T0;
import static io.nightjar.storage.testing.Times.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightjar.recorder.testing.TestClips;
import io.nightjar.recorder.testing.Tools;
import io.nightjar.storage.Storage;
import io.nightjar.storage.StorageConfig;
import io.nightjar.storage.testing.StorageFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One export from the footage of two nodes, as after a camera moved in a cluster: node a recorded
 * 0-30 s, node b took over and recorded 25-60 s (a handoff's overlap), at another resolution. The
 * export of 10-50 s decodes without error, lasts exactly 40 s with every frame once (the overlap
 * shown once, from b's first keyframe), holds both sample descriptions, and its manifest names
 * the files of both nodes.
 */
class PartsExportTest {
    @TempDir
    static Path dir;

    static final TestClips.Clip A = TestClips.h264(640, 360, 25, 25, 2);
    static final TestClips.Clip B = TestClips.h264(320, 180, 25, 25, 2);

    @BeforeAll
    static void record() throws Exception {
        StorageFixture a = new StorageFixture(dir.resolve("a"));
        a.feeder("cam", A).feed(T0, 750, true);
        a.close();
        StorageFixture b = new StorageFixture(dir.resolve("b"));
        b.feeder("cam", B).feed(T0 + seconds(25), 875, true);
        b.close();
    }

    private static Mp4Exporter.Part part(Storage s, long from, long to, String node) throws Exception {
        SampleTable t = s.exporter().table("cam", from, to);
        List<Path> paths = new ArrayList<>();
        for (SampleTable.SourceFile f : t.files()) {
            paths.add(s.layout().resolve(f.path()));
        }
        return new Mp4Exporter.Part(t, paths, node);
    }

    @Test
    void anExportAcrossTwoNodesFootageDecodesLastsTheRangeAndNamesBothSources() throws Exception {
        Path out = dir.resolve("both.mp4");
        long from = T0 + seconds(10);
        long to = T0 + seconds(50);
        Mp4Exporter.Result r;
        try (Storage a = Storage.open(StorageConfig.defaults(dir.resolve("a")));
             Storage b = Storage.open(StorageConfig.defaults(dir.resolve("b")))) {
            // the catalog says b records the camera from 25 s: a's stretch ends there, b's begins
            Mp4Exporter.Plan plan = Mp4Exporter.plan("cam", from, to,
                    List.of(part(a, from, T0 + seconds(25), null), part(b, T0 + seconds(25), to, "b")), (x, y) -> List.of());
            r = a.exporter().write(plan, out);
        }
        assertThat(Tools.decodeErrors(List.of(), out.toString())).as("ffmpeg -v error").isEmpty();
        Tools.Result probe = Tools.run(60, "ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames", "-show_entries",
                "stream=nb_read_frames:format=duration", "-of", "default=nw=1", out.toString());
        double duration = Double.parseDouble(probe.stdout().lines().filter(l -> l.startsWith("duration=")).findFirst().orElseThrow()
                .substring("duration=".length()));
        long frames = Long.parseLong(probe.stdout().lines().filter(l -> l.startsWith("nb_read_frames=")).findFirst().orElseThrow()
                .substring("nb_read_frames=".length()));
        assertThat(duration).as("the requested 40 s").isCloseTo(40.0, Offset.offset(0.05));
        assertThat(frames).as("every frame of 10-50 s once: the overlap is not shown twice").isBetween(999L, 1001L);
        assertThat(r.plan().frames()).isBetween(999, 1001);

        JsonNode m = new ObjectMapper().readTree(r.manifest());
        List<String> nodes = new ArrayList<>();
        m.get("sources").forEach(s -> nodes.add(s.path("node").asText("this node")));
        assertThat(nodes).as("the manifest names the files of both nodes").contains("this node", "b");
        Tools.Result entries = Tools.run(60, "ffprobe", "-v", "error", "-show_entries", "frame=width", "-of", "csv=p=0", out.toString());
        assertThat(entries.stdout()).as("a's picture, then b's").contains("640").contains("320");
    }
}
