package io.nightjar.api.routes;

import io.nightjar.api.auth.Role;
import io.nightjar.api.http.ApiException;
import io.nightjar.api.http.ApiRequest;
import io.nightjar.api.http.Part;
import io.nightjar.api.http.Response;
import io.nightjar.api.http.Route;
import io.nightjar.api.http.Router;
import io.nightjar.api.service.Caller;
import io.nightjar.api.service.Cameras;
import io.nightjar.api.service.Media;
import io.nightjar.api.service.Services;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the route table from the engine's {@link Services}: each route is a thin adapter that
 * reads the request, calls one service, and writes its record as JSON (or its {@link Media}).
 */
public final class Routes {
    static final long DAY = 86_400_000_000L;

    private Routes() {
    }

    public static Router build(Services s) {
        Router r = new Router();
        SystemRoutes.register(r, s.system());
        AuthRoutes.register(r, s.accounts());
        UserRoutes.register(r, s.accounts(), s.evidence());
        CameraRoutes.register(r, s.cameras());
        RecordingRoutes.register(r, s.cameras(), s.recordings());
        ExportRoutes.register(r, s.cameras(), s.recordings(), s.exports());
        EventRoutes.register(r, s.events());
        EvidenceRoutes.register(r, s.evidence());
        LiveRoutes.register(r, s.cameras(), s.live());
        r.add(Route.of("GET", "/api/v1/openapi.json", null, false, "system", "Get the OpenAPI document", List.of(),
                q -> Response.json(OpenApi.document(r))));
        return r;
    }

    /** A route with the common argument order. */
    static Route route(String method, String path, Role role, boolean cameraScoped, String tag, String summary, List<String> query,
                       Route.Handler h) {
        return Route.of(method, path, role, cameraScoped, tag, summary, query, h);
    }

    /** Who sends a request (its principal, its address). */
    static Caller caller(ApiRequest q) {
        return new Caller(q.principal(), q.remote());
    }

    /** The {@code {id}} camera, which must be configured or have recordings. */
    static String camera(Cameras cameras, ApiRequest q) {
        String id = q.path("id");
        if (!cameras.known(id)) {
            throw ApiException.notFound("no camera '" + id + "'");
        }
        return id;
    }

    /** A numeric id in the path; anything else names nothing (404). */
    static long id(ApiRequest q, String name, String what) {
        try {
            return Long.parseLong(q.path(name));
        } catch (NumberFormatException e) {
            throw ApiException.notFound("no " + what + " '" + q.path(name) + "'");
        }
    }

    /** from/to query parameters (to defaults to now), checked. */
    static long[] range(ApiRequest q, long maxMicros) {
        long from = q.timeQuery("from");
        Long toq = q.optionalTimeQuery("to");
        long to = toq == null ? System.currentTimeMillis() * 1000 : toq;
        if (to <= from) {
            throw ApiException.badRequest("'to' must be after 'from'");
        }
        if (maxMicros > 0 && to - from > maxMicros) {
            throw ApiException.badRequest("the range is longer than " + maxMicros / DAY + " days");
        }
        return new long[] {from, to};
    }

    /**
     * Stored media as an HTTP body with Range support: sealed bytes are cacheable for a day (with
     * their SHA-256 as ETag, their end as Last-Modified), bytes still growing are not, downloads
     * are attachments.
     */
    static Response media(String contentType, Media m) {
        List<Part> parts = new ArrayList<>(m.pieces().size());
        for (Media.Piece p : m.pieces()) {
            parts.add(p instanceof Media.Bytes b ? Part.bytes(b.bytes())
                    : Part.file(((Media.FileRange) p).file(), ((Media.FileRange) p).offset(), p.length()));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (m.fileName() != null) {
            headers.put("Content-Disposition", "attachment; filename=\"" + m.fileName() + "\"");
        }
        if (m.sealed()) {
            headers.put("Cache-Control", "private, max-age=86400, immutable");
        } else if (m.fileName() == null) {
            headers.put("Cache-Control", "no-cache");
        }
        if (m.etag() != null) {
            headers.put("ETag", "\"" + m.etag() + "\"");
        }
        if (m.endMicros() > 0) {
            headers.put("Last-Modified", httpDate(m.endMicros()));
        }
        return new Response.Body(200, contentType, parts, headers, true);
    }

    /** An HTTP date (RFC 9110 5.6.7) of an instant in microseconds. */
    static String httpDate(long micros) {
        return java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                java.time.Instant.ofEpochSecond(micros / 1_000_000).atZone(java.time.ZoneOffset.UTC));
    }
}
