package io.nightjar.api.rtsp;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.nightjar.recorder.ring.StreamRef;
import java.util.List;
import java.util.Map;

/**
 * What an RTSP request URL names: {@code rtsp://host:port/<camera>[/sub][/trackID=0][?start=..&end=..&token=..]}.
 *
 * @param stream   the camera stream
 * @param base     the presentation URL without track and query (for Content-Base)
 * @param start    playback start (query), or null for live
 * @param end      playback end (query), or null
 * @param token    an API token given in the query, or null
 */
record RtspTarget(StreamRef stream, String base, String start, String end, String token) {
    static RtspTarget parse(String uri) {
        String rest = uri;
        int scheme = rest.indexOf("://");
        if (scheme >= 0) {
            int slash = rest.indexOf('/', scheme + 3);
            rest = slash < 0 ? "/" : rest.substring(slash);
        }
        QueryStringDecoder q = new QueryStringDecoder(rest);
        String path = q.path();
        String[] parts = path.split("/");
        List<String> segs = new java.util.ArrayList<>();
        for (String p : parts) {
            if (!p.isEmpty() && !p.startsWith("trackID=") && !p.startsWith("track")) {
                segs.add(p);
            }
        }
        if (segs.isEmpty() || segs.size() > 2 || (segs.size() == 2 && !segs.get(1).equals("sub"))) {
            throw new IllegalArgumentException("the path must be /<camera> or /<camera>/sub, was '" + path + "'");
        }
        String camera = segs.get(0);
        if (!StreamRef.isValidId(camera)) {
            throw new IllegalArgumentException("'" + camera + "' is not a camera id");
        }
        StreamRef stream = StreamRef.of(camera, segs.size() == 2 ? StreamRef.Kind.SUB : StreamRef.Kind.MAIN);
        Map<String, List<String>> p = q.parameters();
        String base = uri;
        int qm = base.indexOf('?');
        if (qm >= 0) {
            base = base.substring(0, qm);
        }
        int track = base.indexOf("/trackID=");
        if (track >= 0) {
            base = base.substring(0, track);
        }
        return new RtspTarget(stream, base, first(p, "start"), first(p, "end"), first(p, "token"));
    }

    /** True when the URL carried any of start, end or token. */
    boolean hasQuery() {
        return start != null || end != null || token != null;
    }

    /** This target with the start, end and token of {@code described}. */
    RtspTarget withQueryOf(RtspTarget described) {
        return new RtspTarget(stream, base, described.start, described.end, described.token);
    }

    private static String first(Map<String, List<String>> p, String k) {
        List<String> v = p.get(k);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
