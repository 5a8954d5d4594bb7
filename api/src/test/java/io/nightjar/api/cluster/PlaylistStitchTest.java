package io.nightjar.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Playlists of two nodes' stretches become one: one timeline (the later part's decode starts go
 * on from the earlier's end), a discontinuity and the later node's own map where it begins, its
 * segments named for the node that serves them, and a handoff's overlap shown once.
 */
class PlaylistStitchTest {
    private static final String BASE = "/api/v1/cameras/yard/hls/";

    /** A playlist as HlsPlaylist writes it: 2 s segments from {@code startSecond}, decode starts from 0. */
    private static String playlist(String prefix, String file, int startSecond, int segments, String suffix) {
        StringBuilder sb = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-INDEPENDENT-SEGMENTS\n"
                + "#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-MAP:URI=\"" + prefix + file + ".init.mp4" + suffix + "\"\n");
        for (int i = 0; i < segments; i++) {
            sb.append("#EXT-X-PROGRAM-DATE-TIME:").append(java.time.Instant.ofEpochSecond(1_800_000_000L + startSecond + 2L * i)).append('\n');
            sb.append("#EXTINF:2.000000,\n");
            sb.append(prefix).append(file).append('.').append(1000 * (i + 1)).append("-500-").append(180_000L * i).append(".m4s")
                    .append(suffix).append('\n');
        }
        return sb.append("#EXT-X-ENDLIST\n").toString();
    }

    @Test
    void twoNodesStretchesAreOneTimelineWithTheOverlapShownOnce() {
        // this node recorded 0-10 s; n2 took over at 6 s (a handoff: 6-10 s recorded by both)
        String mine = playlist(BASE, "7-aaaaaaaaaaaaaaaa", 0, 5, "?token=t");
        String theirs = playlist("/api/v1/cameras/yard/hls/", "3-bbbbbbbbbbbbbbbb", 6, 3, "");
        String site = PlaylistStitch.stitch(List.of(new PlaylistStitch.Part(null, mine, BASE, "?token=t"),
                new PlaylistStitch.Part("n2", theirs, "/api/v1/cameras/yard/hls/", "")), BASE, "?token=t");

        List<String> uris = site.lines().filter(l -> !l.startsWith("#")).toList();
        assertThat(uris).containsExactly(
                BASE + "7-aaaaaaaaaaaaaaaa.1000-500-0.m4s?token=t",
                BASE + "7-aaaaaaaaaaaaaaaa.2000-500-180000.m4s?token=t",
                BASE + "7-aaaaaaaaaaaaaaaa.3000-500-360000.m4s?token=t",
                BASE + "n2~3-bbbbbbbbbbbbbbbb.1000-500-540000.m4s?token=t",
                BASE + "n2~3-bbbbbbbbbbbbbbbb.2000-500-720000.m4s?token=t",
                BASE + "n2~3-bbbbbbbbbbbbbbbb.3000-500-900000.m4s?token=t");
        assertThat(site.lines().filter(l -> l.startsWith("#EXT-X-MAP"))).containsExactly(
                "#EXT-X-MAP:URI=\"" + BASE + "7-aaaaaaaaaaaaaaaa.init.mp4?token=t\"",
                "#EXT-X-MAP:URI=\"" + BASE + "n2~3-bbbbbbbbbbbbbbbb.init.mp4?token=t\"");
        assertThat(site.lines().filter(l -> l.equals("#EXT-X-DISCONTINUITY")).count()).as("where n2's part begins").isEqualTo(1);
        assertThat(site).startsWith("#EXTM3U\n").contains("#EXT-X-INDEPENDENT-SEGMENTS", "#EXT-X-TARGETDURATION:2").endsWith("#EXT-X-ENDLIST\n");
        assertThat(site.lines().filter(l -> l.startsWith("#EXT-X-PROGRAM-DATE-TIME:")).map(l -> l.substring(25)).toList())
                .as("wall-clock times in order, each once").isSorted().doesNotHaveDuplicates().hasSize(6);
    }

    @Test
    void aPartWithNoSegmentIsLeftOutAndNoSegmentAtAllIsNull() {
        String mine = playlist(BASE, "7-aaaaaaaaaaaaaaaa", 0, 2, "");
        String site = PlaylistStitch.stitch(List.of(new PlaylistStitch.Part("n3", "#EXTM3U\n#EXT-X-ENDLIST\n", BASE, ""),
                new PlaylistStitch.Part(null, mine, BASE, "")), BASE, "");
        assertThat(site.lines().filter(l -> l.equals("#EXT-X-DISCONTINUITY")).count()).isZero();
        assertThat(site.lines().filter(l -> !l.startsWith("#"))).hasSize(2);
        assertThat(PlaylistStitch.stitch(List.of(), BASE, "")).isNull();
    }
}
