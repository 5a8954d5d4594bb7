package io.nightjar.api.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One HLS VOD playlist from the playlists of several nodes' stretches of a range (each as
 * {@code storage.read.HlsPlaylist} writes them), in time order: one continuous timeline (each
 * later part's segments get decode times that go on from where the earlier parts end: a segment
 * URI names its decode start, which the serving node writes into the fragments), a
 * {@code EXT-X-DISCONTINUITY} and the part's own {@code EXT-X-MAP} where a part begins, and where a
 * handoff recorded on both nodes the earlier part's segments that begin at or after the later
 * part's first segment dropped. Segments of another node are named {@code <node>~<segment>}: this
 * node fetches them from that node for the player.
 */
final class PlaylistStitch {
    private static final Pattern SEGMENT = Pattern.compile("(.+)\\.(\\d{1,18})-(\\d{1,12})-(\\d{1,18})\\.m4s");

    private PlaylistStitch() {
    }

    /**
     * A node's playlist of its stretch.
     *
     * @param node   the node, or null for this node
     * @param text   the playlist
     * @param prefix what its URIs begin with before the segment name
     * @param suffix what they end with after it (a token), or ""
     */
    record Part(String node, String text, String prefix, String suffix) {
    }

    private record Entry(String map, java.time.Instant dateTime, double seconds, String name) {
    }

    /** The site's playlist, its URIs {@code base + name + suffix}; null when no part has a segment. */
    static String stitch(List<Part> parts, String base, String suffix) {
        List<List<Entry>> all = new ArrayList<>();
        boolean independent = true;
        for (Part p : parts) {
            List<Entry> entries = entries(p);
            if (!entries.isEmpty()) {
                all.add(entries);
                independent &= p.text().contains("#EXT-X-INDEPENDENT-SEGMENTS");
            }
        }
        if (all.isEmpty()) {
            return null;
        }
        for (int i = 0; i + 1 < all.size(); i++) {
            java.time.Instant next = all.get(i + 1).get(0).dateTime();
            List<Entry> earlier = all.get(i);
            while (earlier.size() > 1 && !earlier.get(earlier.size() - 1).dateTime().isBefore(next)) {
                earlier.remove(earlier.size() - 1); // shown by the later part
            }
        }
        long target = 1;
        for (List<Entry> entries : all) {
            for (Entry e : entries) {
                target = Math.max(target, (long) Math.ceil(e.seconds()));
            }
        }
        StringBuilder sb = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-PLAYLIST-TYPE:VOD\n");
        if (independent) {
            sb.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        }
        sb.append("#EXT-X-TARGETDURATION:").append(target).append("\n#EXT-X-MEDIA-SEQUENCE:0\n");
        long decode = 0;
        for (int i = 0; i < all.size(); i++) {
            String map = null;
            for (Entry e : all.get(i)) {
                if (!e.map().equals(map)) {
                    if (map != null || i > 0) {
                        sb.append("#EXT-X-DISCONTINUITY\n");
                    }
                    sb.append("#EXT-X-MAP:URI=\"").append(base).append(e.map()).append(suffix).append("\"\n");
                    map = e.map();
                }
                Matcher m = SEGMENT.matcher(e.name());
                String name = m.matches() ? m.group(1) + "." + m.group(2) + "-" + m.group(3) + "-" + decode + ".m4s" : e.name();
                sb.append("#EXT-X-PROGRAM-DATE-TIME:").append(e.dateTime()).append('\n');
                sb.append(String.format(Locale.ROOT, "#EXTINF:%.6f,%n", e.seconds()));
                sb.append(base).append(name).append(suffix).append('\n');
                decode += Math.round(e.seconds() * 90_000);
            }
        }
        sb.append("#EXT-X-ENDLIST\n");
        return sb.toString();
    }

    /** The segments of a part, their names (and their maps') with the node prefixed for another node's. */
    private static List<Entry> entries(Part p) {
        List<Entry> out = new ArrayList<>();
        String map = null;
        java.time.Instant dateTime = null;
        double seconds = 0;
        String node = p.node() == null ? "" : p.node() + "~";
        for (String line : p.text().split("\n")) {
            if (line.startsWith("#EXT-X-MAP:URI=\"")) {
                map = node + name(p, line.substring("#EXT-X-MAP:URI=\"".length(), line.lastIndexOf('"')));
            } else if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) {
                dateTime = java.time.Instant.parse(line.substring("#EXT-X-PROGRAM-DATE-TIME:".length()));
            } else if (line.startsWith("#EXTINF:")) {
                seconds = Double.parseDouble(line.substring("#EXTINF:".length(), line.indexOf(',')));
            } else if (!line.isEmpty() && !line.startsWith("#") && map != null && dateTime != null) {
                out.add(new Entry(map, dateTime, seconds, node + name(p, line)));
            }
        }
        return out;
    }

    private static String name(Part p, String uri) {
        String s = uri.startsWith(p.prefix()) ? uri.substring(p.prefix().length()) : uri;
        return !p.suffix().isEmpty() && s.endsWith(p.suffix()) ? s.substring(0, s.length() - p.suffix().length()) : s;
    }
}
