package io.nightjar.api.routes;

import static io.nightjar.api.routes.Routes.camera;
import static io.nightjar.api.routes.Routes.range;
import static io.nightjar.api.routes.Routes.route;

import io.nightjar.analytics.motion.MotionGrid;
import io.nightjar.api.auth.Role;
import io.nightjar.api.http.ApiException;
import io.nightjar.api.http.Part;
import io.nightjar.api.http.Response;
import io.nightjar.api.http.Router;
import io.nightjar.api.server.NightjarServer;
import io.nightjar.storage.index.FileRecord;
import io.nightjar.storage.mp4.Mp4FormatException;
import io.nightjar.storage.read.HlsPlaylist;
import io.nightjar.storage.read.HlsSegment;
import io.nightjar.storage.read.MotionSearch;
import io.nightjar.storage.read.Span;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recorded spans, HLS playback (playlist, init and retimed media segments), segment files, motion
 * smart search. Files are named in URLs by {@link io.nightjar.api.server.FileLinks} (not guessable)
 * and every read of one is audited ({@link io.nightjar.api.events.DownloadAudit}).
 */
final class RecordingRoutes {
    static final long DAY = 86_400_000_000L;

    private RecordingRoutes() {
    }

    static void register(Router r, NightjarServer s) {
        r.add(route("GET", "/api/v1/cameras/{id}/spans", Role.viewer, true, "recordings",
                "List recorded spans and the gaps between them (with reasons)", List.of("from", "to"), q -> {
                    String id = camera(s, q);
                    long[] t = range(q, 31 * DAY);
                    return Response.json(spans(s.storage().spans(id, t[0], t[1])));
                }));
        r.add(route("GET", "/api/v1/cameras/{id}/playlist.m3u8", Role.viewer, true, "recordings",
                "Get an HLS VOD playlist of a range", List.of("from", "to"), q -> {
                    String id = camera(s, q);
                    long[] t = range(q, DAY);
                    String token = q.query("token");
                    String suffix = token == null ? "" : "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
                    String base = "/api/v1/cameras/" + id + "/hls/";
                    String playlist = s.storage().hlsPlaylist(id, t[0], t[1], new HlsPlaylist.Uris() {
                        @Override
                        public String init(FileRecord f) {
                            return base + s.fileLinks().name(id, f.id()) + ".init.mp4" + suffix;
                        }

                        @Override
                        public String segment(FileRecord f, long offset, long length, long decodeStart) {
                            return base + s.fileLinks().name(id, f.id()) + "." + offset + "-" + length + "-" + decodeStart + ".m4s" + suffix;
                        }
                    });
                    if (playlist == null) {
                        throw ApiException.notFound("nothing recorded for " + id + " in that range");
                    }
                    s.audit().record(q.user(), q.remote(), "playback", id, t[0], t[1], "hls");
                    return new Response.Body(200, "application/vnd.apple.mpegurl", List.of(Part.bytes(playlist.getBytes(StandardCharsets.UTF_8))),
                            Map.of("Cache-Control", "no-store"), false);
                }));
        r.add(route("GET", "/api/v1/cameras/{id}/hls/{segment}", Role.viewer, true, "recordings",
                "Get an HLS init or media segment that a playlist names", List.of(), q -> hlsSegment(s, q, camera(s, q), q.path("segment"))));
        r.add(route("GET", "/api/v1/cameras/{id}/files", Role.viewer, true, "recordings",
                "List the segment files of a range, as stored (names for files/{file})", List.of("from", "to"), q -> {
                    String id = camera(s, q);
                    long[] t = range(q, 31 * DAY);
                    List<Map<String, Object>> out = new ArrayList<>();
                    for (FileRecord f : s.storage().index().files(id, t[0], t[1])) {
                        if (f.state() != FileRecord.State.DELETING) {
                            out.add(describe(s, id, f));
                        }
                    }
                    return Response.json(out);
                }));
        {
            r.add(route("GET", "/api/v1/cameras/{id}/files/{file}", Role.viewer, true, "recordings",
                    "Get a segment file (HTTP Range, ETag), named as files lists it", List.of(), q -> {
                        String id = camera(s, q);
                        String name = q.path("file");
                        long fileId = name.endsWith(".mp4") ? s.fileLinks().parse(id, name.substring(0, name.length() - 4)) : -1;
                        FileRecord f = fileId < 0 ? null : s.storage().index().file(fileId);
                        if (f == null || !f.camera().equals(id) || f.state() == FileRecord.State.DELETING) {
                            throw ApiException.notFound("no file '" + name + "' for camera " + id);
                        }
                        s.downloads().read(q.user(), q.remote(), id, f.id(), "file", f.startMicros(), f.endMicros());
                        Path p = s.storage().layout().resolve(f.path());
                        if (f.state() == FileRecord.State.CLOSED && f.sha256() != null) {
                            // sealed: its bytes never change again, and its SHA-256 names them
                            return new Response.Body(200, "video/mp4", List.of(Part.file(p, 0, f.bytes())), Map.of("Cache-Control",
                                    "private, max-age=86400, immutable", "ETag", "\"" + f.sha256() + "\"", "Last-Modified",
                                    httpDate(f.endMicros())), true);
                        }
                        long size = Files.size(p);
                        return new Response.Body(200, "video/mp4", List.of(Part.file(p, 0, size)), Map.of("Cache-Control", "no-cache"), true);
                    }));
        }
        r.add(route("GET", "/api/v1/cameras/{id}/motion", Role.viewer, true, "recordings",
                "Smart search: intervals with motion in a region (x0,y0,x1,y1 in 0..1)", List.of("from", "to", "region"), q -> {
                    String id = camera(s, q);
                    long[] t = range(q, 31 * DAY);
                    double[] box = region(q.query("region"));
                    byte[] grid = MotionGrid.region(box[0], box[1], box[2], box[3]);
                    List<Span> hits = MotionSearch.search(s.storage().index(), id, grid, t[0], t[1]);
                    return Response.json(spans(hits));
                }));
    }

    private static Map<String, Object> describe(NightjarServer s, String camera, FileRecord f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.fileLinks().name(camera, f.id()) + ".mp4");
        m.put("start", Instant.ofEpochMilli(f.startMicros() / 1000).toString());
        m.put("end", Instant.ofEpochMilli(f.endMicros() / 1000).toString());
        m.put("bytes", f.bytes());
        m.put("state", f.state() == FileRecord.State.OPEN ? "open" : "closed");
        m.put("codec", f.codec());
        if (f.sha256() != null) {
            m.put("sha256", f.sha256());
        }
        return m;
    }

    private static final java.util.regex.Pattern INIT = java.util.regex.Pattern.compile("(\\d{1,18}-[0-9a-f]{16})\\.init\\.mp4");
    private static final java.util.regex.Pattern SEGMENT = java.util.regex.Pattern.compile(
            "(\\d{1,18}-[0-9a-f]{16})\\.(\\d{1,18})-(\\d{1,12})-(\\d{1,18})\\.m4s");

    /**
     * An init segment ({@code <file>.init.mp4}) or a retimed media segment
     * ({@code <file>.<offset>-<length>-<decodeStart>.m4s}), {@code <file>} a {@link io.nightjar.api.server.FileLinks} name.
     */
    private static Response hlsSegment(NightjarServer s, io.nightjar.api.http.ApiRequest q, String camera, String name) throws java.io.IOException {
        java.util.regex.Matcher init = INIT.matcher(name);
        java.util.regex.Matcher seg = SEGMENT.matcher(name);
        boolean isInit = init.matches();
        if (!isInit && !seg.matches()) {
            throw ApiException.notFound("no HLS segment '" + name + "'");
        }
        long fileId = s.fileLinks().parse(camera, isInit ? init.group(1) : seg.group(1));
        FileRecord f = fileId < 0 ? null : s.storage().index().file(fileId);
        if (f == null || !f.camera().equals(camera) || f.state() == FileRecord.State.DELETING) {
            throw ApiException.notFound("no HLS segment '" + name + "' for camera " + camera + " (deleted by retention?)");
        }
        s.downloads().read(q.user(), q.remote(), camera, f.id(), "hls", f.startMicros(), f.endMicros());
        Path p = s.storage().layout().resolve(f.path());
        boolean sealed = f.state() == FileRecord.State.CLOSED;
        Map<String, String> headers = Map.of("Cache-Control", sealed ? "private, max-age=86400, immutable" : "no-cache");
        if (isInit) {
            return new Response.Body(200, "video/mp4", List.of(Part.file(p, 0, f.initLength())), headers, true);
        }
        List<HlsSegment.Piece> pieces;
        try {
            pieces = s.storage().hlsSegment(f, Long.parseLong(seg.group(2)), Long.parseLong(seg.group(3)), Long.parseLong(seg.group(4)));
        } catch (IllegalArgumentException | Mp4FormatException e) {
            throw ApiException.notFound("no HLS segment '" + name + "': " + e.getMessage());
        }
        List<Part> parts = new ArrayList<>(pieces.size());
        for (HlsSegment.Piece piece : pieces) {
            parts.add(piece instanceof HlsSegment.Header h ? Part.bytes(h.bytes())
                    : Part.file(p, ((HlsSegment.Stored) piece).offset(), piece.length()));
        }
        return new Response.Body(200, "video/mp4", parts, headers, true);
    }

    static double[] region(String v) {
        if (v == null) {
            return new double[] {0, 0, 1, 1};
        }
        String[] p = v.split(",");
        if (p.length != 4) {
            throw ApiException.badRequest("'region' must be x0,y0,x1,y1 (fractions of the picture, 0..1)");
        }
        double[] d = new double[4];
        try {
            for (int i = 0; i < 4; i++) {
                d[i] = Double.parseDouble(p[i].trim());
                if (d[i] < 0 || d[i] > 1 || Double.isNaN(d[i])) {
                    throw ApiException.badRequest("'region' values must be between 0 and 1");
                }
            }
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("'region' must be four numbers, was '" + v + "'");
        }
        if (d[2] <= d[0] || d[3] <= d[1]) {
            throw ApiException.badRequest("'region' must have x1 > x0 and y1 > y0");
        }
        return d;
    }

    static List<Map<String, Object>> spans(List<Span> spans) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Span sp : spans) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("start", Instant.ofEpochMilli(sp.startMicros() / 1000).toString());
            m.put("end", Instant.ofEpochMilli(sp.endMicros() / 1000).toString());
            m.put("startMs", sp.startMicros() / 1000);
            m.put("endMs", sp.endMicros() / 1000);
            m.put("recorded", sp.recorded());
            if (sp.reason() != null) {
                m.put("reason", sp.reason());
            }
            out.add(m);
        }
        return out;
    }

    /** An HTTP date (RFC 9110 5.6.7) of an instant in microseconds. */
    static String httpDate(long micros) {
        return java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                java.time.Instant.ofEpochSecond(micros / 1_000_000).atZone(java.time.ZoneOffset.UTC));
    }
}
