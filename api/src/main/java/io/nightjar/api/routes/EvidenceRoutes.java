package io.nightjar.api.routes;

import static io.nightjar.api.routes.Routes.checkCamera;
import static io.nightjar.api.routes.Routes.route;

import com.fasterxml.jackson.core.type.TypeReference;
import io.nightjar.api.auth.Role;
import io.nightjar.api.http.ApiException;
import io.nightjar.api.http.ApiRequest;
import io.nightjar.api.http.Json;
import io.nightjar.api.http.Response;
import io.nightjar.api.http.Router;
import io.nightjar.api.server.NightjarServer;
import io.nightjar.storage.retention.Hold;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Evidence holds (footage retention cannot delete) and bookmarks (named instants). */
final class EvidenceRoutes {
    private EvidenceRoutes() {
    }

    /** A hold to create: camera, range, until (optional: forever), reason. */
    record HoldBody(String camera, String from, String to, String until, String reason) {
    }

    /** A bookmark: camera, time, optional end, label. */
    record BookmarkBody(String camera, String time, String end, String label) {
    }

    static void register(Router r, NightjarServer s) {
        r.add(route("GET", "/api/v1/holds", Role.viewer, false, "evidence", "List evidence holds", List.of(), q -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Hold h : s.storage().holds().all()) {
                if (q.principal().mayAccess(h.camera())) {
                    out.add(hold(h));
                }
            }
            return Response.json(out);
        }));
        r.add(route("POST", "/api/v1/holds", Role.operator, false, "evidence", "Create an evidence hold", List.of(), q -> {
            HoldBody b = q.body(HoldBody.class);
            if (b.camera() == null || b.from() == null || b.to() == null || b.reason() == null || b.reason().isBlank()) {
                throw ApiException.badRequest("'camera', 'from', 'to' and 'reason' are required");
            }
            if (b.reason().length() > 500) {
                throw ApiException.badRequest("'reason' must be at most 500 characters");
            }
            checkCamera(q, b.camera());
            long from = ApiRequest.parseTime("from", b.from());
            long to = ApiRequest.parseTime("to", b.to());
            long until = b.until() == null ? Long.MAX_VALUE : ApiRequest.parseTime("until", b.until());
            if (to <= from) {
                throw ApiException.badRequest("'to' must be after 'from'");
            }
            Hold h = s.storage().holds().add(b.camera(), from, to, until, b.reason(), q.user());
            s.audit().record(q.user(), q.remote(), "hold.create", b.camera(), from, to, b.reason());
            return Response.json(201, hold(h));
        }));
        r.add(route("DELETE", "/api/v1/holds/{holdId}", Role.operator, false, "evidence", "Release an evidence hold", List.of(), q -> {
            long id = id(q, "holdId");
            Hold h = s.storage().holds().all().stream().filter(x -> x.id() == id).findFirst()
                    .orElseThrow(() -> ApiException.notFound("no hold " + id));
            checkCamera(q, h.camera());
            s.storage().holds().remove(id);
            s.audit().record(q.user(), q.remote(), "hold.delete", h.camera(), h.fromMicros(), h.toMicros(), h.reason());
            return Response.noContent();
        }));
        r.add(route("GET", "/api/v1/bookmarks", Role.viewer, false, "evidence", "List bookmarks", List.of("camera"), q -> {
            String only = q.query("camera");
            List<Map<String, Object>> out = new ArrayList<>();
            for (Map.Entry<Long, byte[]> e : s.storage().index().bookmarks().entrySet()) {
                Map<String, Object> m = Json.MAPPER.readValue(e.getValue(), new TypeReference<LinkedHashMap<String, Object>>() { });
                String cam = (String) m.get("camera");
                if (q.principal().mayAccess(cam) && (only == null || only.equals(cam))) {
                    out.add(m);
                }
            }
            return Response.json(out);
        }));
        r.add(route("POST", "/api/v1/bookmarks", Role.operator, false, "evidence", "Create a bookmark", List.of(), q -> {
            BookmarkBody b = q.body(BookmarkBody.class);
            if (b.camera() == null || b.time() == null) {
                throw ApiException.badRequest("'camera' and 'time' are required");
            }
            if (b.label() != null && b.label().length() > 200) {
                throw ApiException.badRequest("'label' must be at most 200 characters");
            }
            checkCamera(q, b.camera());
            long t = ApiRequest.parseTime("time", b.time());
            Long end = b.end() == null ? null : ApiRequest.parseTime("end", b.end());
            long id = s.storage().index().nextId("bookmark");
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("camera", b.camera());
            m.put("time", iso(t));
            m.put("timeMs", t / 1000);
            if (end != null) {
                m.put("end", iso(end));
                m.put("endMs", end / 1000);
            }
            m.put("label", b.label() == null ? "" : b.label());
            m.put("createdBy", q.user());
            m.put("created", Instant.now().toString());
            s.storage().index().putBookmark(id, Json.MAPPER.writeValueAsBytes(m));
            s.audit().record(q.user(), q.remote(), "bookmark.create", b.camera(), t, end, b.label());
            return Response.json(201, m);
        }));
        r.add(route("DELETE", "/api/v1/bookmarks/{bookmarkId}", Role.operator, false, "evidence", "Delete a bookmark", List.of(), q -> {
            long id = id(q, "bookmarkId");
            byte[] raw = s.storage().index().bookmarks().get(id);
            if (raw == null) {
                throw ApiException.notFound("no bookmark " + id);
            }
            Map<String, Object> m = Json.MAPPER.readValue(raw, new TypeReference<LinkedHashMap<String, Object>>() { });
            checkCamera(q, (String) m.get("camera"));
            s.storage().index().deleteBookmark(id);
            s.audit().record(q.user(), q.remote(), "bookmark.delete", (String) m.get("camera"), null, null, String.valueOf(m.get("label")));
            return Response.noContent();
        }));
    }

    private static long id(ApiRequest q, String name) {
        try {
            return Long.parseLong(q.path(name));
        } catch (NumberFormatException e) {
            throw ApiException.notFound("no such " + name.replace("Id", "") + ": '" + q.path(name) + "'");
        }
    }

    static Map<String, Object> hold(Hold h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", h.id());
        m.put("camera", h.camera());
        m.put("from", iso(h.fromMicros()));
        m.put("to", iso(h.toMicros()));
        m.put("until", h.untilMicros() == Long.MAX_VALUE ? null : iso(h.untilMicros()));
        m.put("reason", h.reason());
        m.put("createdBy", h.createdBy());
        return m;
    }

    static String iso(long micros) {
        return Instant.ofEpochMilli(Math.floorDiv(micros, 1000)).toString();
    }
}
