package io.nightjar.api.routes;

import io.nightjar.api.auth.Principal;
import io.nightjar.api.auth.Role;
import io.nightjar.api.http.ApiException;
import io.nightjar.api.http.ApiRequest;
import io.nightjar.api.http.Route;
import io.nightjar.api.http.Router;
import io.nightjar.api.server.NightjarServer;
import java.util.List;

/** Builds the route table. */
public final class Routes {
    private Routes() {
    }

    public static Router build(NightjarServer s) {
        Router r = new Router();
        SystemRoutes.register(r, s);
        AuthRoutes.register(r, s);
        UserRoutes.register(r, s);
        CameraRoutes.register(r, s);
        RecordingRoutes.register(r, s);
        ExportRoutes.register(r, s);
        EventRoutes.register(r, s);
        EvidenceRoutes.register(r, s);
        LiveRoutes.register(r, s);
        r.add(Route.of("GET", "/api/v1/openapi.json", null, false, "system", "Get the OpenAPI document", List.of(),
                q -> io.nightjar.api.http.Response.json(OpenApi.document(r))));
        return r;
    }

    /** A route with the common argument order. */
    static Route route(String method, String path, Role role, boolean cameraScoped, String tag, String summary, List<String> query,
                       Route.Handler h) {
        return Route.of(method, path, role, cameraScoped, tag, summary, query, h);
    }

    /** Checks that the caller may see a camera that is not the {@code {id}} of the path. */
    static void checkCamera(ApiRequest q, String camera) {
        Principal p = q.principal();
        if (p != null && !p.mayAccess(camera)) {
            throw ApiException.forbidden("you have no access to camera " + camera);
        }
    }

    /** The {@code {id}} camera, which must exist. */
    static String camera(NightjarServer s, ApiRequest q) {
        String id = q.path("id");
        if (!s.cameras().exists(id) && s.storage().index().existingCameraKey(id) < 0) {
            throw ApiException.notFound("no camera '" + id + "'");
        }
        return id;
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
            throw ApiException.badRequest("the range is longer than " + maxMicros / 86_400_000_000L + " days");
        }
        return new long[] {from, to};
    }
}
