package io.nightjar.api.routes;

import static io.nightjar.api.routes.Routes.caller;
import static io.nightjar.api.routes.Routes.camera;
import static io.nightjar.api.routes.Routes.route;

import io.nightjar.api.auth.Role;
import io.nightjar.api.config.CameraConfig;
import io.nightjar.api.http.ApiException;
import io.nightjar.api.http.Response;
import io.nightjar.api.http.Router;
import io.nightjar.api.service.CameraView;
import io.nightjar.api.service.Cameras;
import io.nightjar.api.service.ProbeRequest;
import java.util.List;

/** Cameras: configuration, health, probe, snapshots, retention achieved: {@link Cameras}. */
final class CameraRoutes {
    private CameraRoutes() {
    }

    static void register(Router r, Cameras cameras) {
        r.add(route("GET", "/api/v1/cameras", Role.viewer, false, "cameras", "List cameras", List.of(),
                q -> Response.json(cameras.list(caller(q)))));
        r.add(route("POST", "/api/v1/cameras", Role.admin, false, "cameras", "Add a camera (recording starts at once)", List.of(),
                q -> Response.json(201, cameras.create(caller(q), q.body(CameraConfig.class)))));
        r.add(route("GET", "/api/v1/cameras/{id}", Role.viewer, true, "cameras", "Get a camera", List.of(),
                q -> Response.json(cameras.get(caller(q), q.path("id")))));
        r.add(route("PUT", "/api/v1/cameras/{id}", Role.admin, true, "cameras", "Change a camera (takes effect at once)", List.of(),
                // what a GET returned can be sent back: its state fields are ignored
                q -> Response.json(cameras.update(caller(q), q.path("id"), q.body(CameraConfig.class, CameraView.STATE_FIELDS)))));
        r.add(route("DELETE", "/api/v1/cameras/{id}", Role.admin, true, "cameras", "Remove a camera (its recordings are kept)", List.of(), q -> {
            cameras.delete(caller(q), q.path("id"));
            return Response.noContent();
        }));
        r.add(route("GET", "/api/v1/cameras/{id}/health", Role.viewer, true, "cameras", "Get a camera's health", List.of(),
                q -> Response.json(cameras.health(caller(q), q.path("id")))));
        r.add(route("GET", "/api/v1/cameras/{id}/retention", Role.viewer, true, "cameras", "Get the retention achieved", List.of(),
                q -> Response.json(cameras.retention(caller(q), camera(cameras, q)))));
        r.add(route("GET", "/api/v1/cameras/{id}/snapshot.jpg", Role.viewer, true, "cameras",
                "Get a JPEG of the live picture, or of a recorded instant", List.of("time", "width"), q -> {
                    String id = camera(cameras, q);
                    Long at = q.optionalTimeQuery("time");
                    int width = q.intQuery("width", 1280, 64, 3840);
                    byte[] jpeg = cameras.snapshot(caller(q), id, at, width).orElseThrow(() -> ApiException.notFound(at == null
                            ? "camera " + id + " is not streaming" : "nothing recorded at that time"));
                    return Response.bytes("image/jpeg", jpeg);
                }));
        r.add(route("POST", "/api/v1/probe", Role.admin, false, "cameras", "Test a camera connection (RTSP probe)", List.of(),
                q -> Response.json(cameras.probe(q.body(ProbeRequest.class)))));
    }
}
