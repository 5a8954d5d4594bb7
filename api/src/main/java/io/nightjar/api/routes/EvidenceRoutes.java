package io.nightjar.api.routes;

import static io.nightjar.api.routes.Routes.caller;
import static io.nightjar.api.routes.Routes.id;
import static io.nightjar.api.routes.Routes.route;

import io.nightjar.api.auth.Role;
import io.nightjar.api.http.ApiException;
import io.nightjar.api.http.ApiRequest;
import io.nightjar.api.http.Response;
import io.nightjar.api.http.Router;
import io.nightjar.api.service.Evidence;
import io.nightjar.api.service.NewBookmark;
import io.nightjar.api.service.NewHold;
import java.util.List;

/** Evidence holds (footage retention cannot delete) and bookmarks (named instants): {@link Evidence}. */
final class EvidenceRoutes {
    private EvidenceRoutes() {
    }

    /** A hold to create: camera, range, until (optional: forever), reason. */
    record HoldBody(String camera, String from, String to, String until, String reason) {
    }

    /** A bookmark: camera, time, optional end, label. */
    record BookmarkBody(String camera, String time, String end, String label) {
    }

    static void register(Router r, Evidence evidence) {
        r.add(route("GET", "/api/v1/holds", Role.viewer, false, "evidence", "List evidence holds", List.of(),
                q -> Response.json(evidence.holds(caller(q)))));
        r.add(route("POST", "/api/v1/holds", Role.operator, false, "evidence", "Create an evidence hold", List.of(), q -> {
            HoldBody b = q.body(HoldBody.class);
            if (b.camera() == null || b.from() == null || b.to() == null || b.reason() == null || b.reason().isBlank()) {
                throw ApiException.badRequest("'camera', 'from', 'to' and 'reason' are required");
            }
            NewHold h = new NewHold(b.camera(), ApiRequest.parseTime("from", b.from()), ApiRequest.parseTime("to", b.to()),
                    b.until() == null ? null : ApiRequest.parseTime("until", b.until()), b.reason());
            return Response.json(201, evidence.hold(caller(q), h));
        }));
        r.add(route("DELETE", "/api/v1/holds/{holdId}", Role.operator, false, "evidence", "Release an evidence hold", List.of(), q -> {
            evidence.releaseHold(caller(q), id(q, "holdId", "hold"));
            return Response.noContent();
        }));
        r.add(route("GET", "/api/v1/bookmarks", Role.viewer, false, "evidence", "List bookmarks", List.of("camera"),
                q -> Response.json(evidence.bookmarks(caller(q), q.query("camera")))));
        r.add(route("POST", "/api/v1/bookmarks", Role.operator, false, "evidence", "Create a bookmark", List.of(), q -> {
            BookmarkBody b = q.body(BookmarkBody.class);
            if (b.camera() == null || b.time() == null) {
                throw ApiException.badRequest("'camera' and 'time' are required");
            }
            NewBookmark nb = new NewBookmark(b.camera(), ApiRequest.parseTime("time", b.time()),
                    b.end() == null ? null : ApiRequest.parseTime("end", b.end()), b.label());
            return Response.json(201, evidence.bookmark(caller(q), nb));
        }));
        r.add(route("DELETE", "/api/v1/bookmarks/{bookmarkId}", Role.operator, false, "evidence", "Delete a bookmark", List.of(), q -> {
            evidence.deleteBookmark(caller(q), id(q, "bookmarkId", "bookmark"));
            return Response.noContent();
        }));
    }
}
