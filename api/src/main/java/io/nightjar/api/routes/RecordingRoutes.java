package io.nightjar.api.routes;

import static io.nightjar.api.routes.Routes.DAY;
import static io.nightjar.api.routes.Routes.caller;
import static io.nightjar.api.routes.Routes.camera;
import static io.nightjar.api.routes.Routes.media;
import static io.nightjar.api.routes.Routes.range;
import static io.nightjar.api.routes.Routes.route;

import io.nightjar.api.auth.Role;
import io.nightjar.api.http.Part;
import io.nightjar.api.http.Response;
import io.nightjar.api.http.Router;
import io.nightjar.api.service.Cameras;
import io.nightjar.api.service.Recordings;
import io.nightjar.api.service.Region;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Recorded spans, HLS playback (playlist, init and retimed media segments), segment files, motion smart search: {@link Recordings}. */
final class RecordingRoutes {
    private RecordingRoutes() {
    }

    static void register(Router r, Cameras cameras, Recordings recordings) {
        r.add(route("GET", "/api/v1/cameras/{id}/spans", Role.viewer, true, "recordings",
                "List recorded spans and the gaps between them (with reasons)", List.of("from", "to"), q -> {
                    String id = camera(cameras, q);
                    long[] t = range(q, 31 * DAY);
                    return Response.json(recordings.spans(caller(q), id, t[0], t[1]));
                }));
        r.add(route("GET", "/api/v1/cameras/{id}/playlist.m3u8", Role.viewer, true, "recordings",
                "Get an HLS VOD playlist of a range", List.of("from", "to"), q -> {
                    String id = camera(cameras, q);
                    long[] t = range(q, DAY);
                    String token = q.query("token");
                    String suffix = token == null ? "" : "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
                    String playlist = recordings.playlist(caller(q), id, t[0], t[1], "/api/v1/cameras/" + id + "/hls/", suffix);
                    return new Response.Body(200, "application/vnd.apple.mpegurl", List.of(Part.bytes(playlist.getBytes(StandardCharsets.UTF_8))),
                            Map.of("Cache-Control", "no-store"), false);
                }));
        r.add(route("GET", "/api/v1/cameras/{id}/hls/{segment}", Role.viewer, true, "recordings",
                "Get an HLS init or media segment that a playlist names", List.of(),
                q -> media("video/mp4", recordings.hlsSegment(caller(q), camera(cameras, q), q.path("segment")))));
        r.add(route("GET", "/api/v1/cameras/{id}/files", Role.viewer, true, "recordings",
                "List the segment files of a range, as stored (names for files/{file})", List.of("from", "to"), q -> {
                    String id = camera(cameras, q);
                    long[] t = range(q, 31 * DAY);
                    return Response.json(recordings.files(caller(q), id, t[0], t[1]));
                }));
        r.add(route("GET", "/api/v1/cameras/{id}/files/{file}", Role.viewer, true, "recordings",
                "Get a segment file (HTTP Range, ETag), named as files lists it", List.of(),
                q -> media("video/mp4", recordings.file(caller(q), camera(cameras, q), q.path("file")))));
        r.add(route("GET", "/api/v1/cameras/{id}/motion", Role.viewer, true, "recordings",
                "Smart search: intervals with motion in a region (x0,y0,x1,y1 in 0..1)", List.of("from", "to", "region"), q -> {
                    String id = camera(cameras, q);
                    long[] t = range(q, 31 * DAY);
                    return Response.json(recordings.motion(caller(q), id, Region.parse(q.query("region")), t[0], t[1]));
                }));
    }
}
