package io.nightjar.api.routes;

import static io.nightjar.api.routes.Routes.caller;
import static io.nightjar.api.routes.Routes.route;

import io.nightjar.api.auth.Role;
import io.nightjar.api.http.Response;
import io.nightjar.api.http.Router;
import io.nightjar.api.service.SystemStatus;
import java.util.List;
import java.util.Map;

/** Liveness, system health and Prometheus metrics: {@link SystemStatus}. */
final class SystemRoutes {
    private SystemRoutes() {
    }

    static void register(Router r, SystemStatus system) {
        r.add(route("GET", "/healthz", null, false, "system", "Check liveness (no authentication)", List.of(),
                q -> Response.json(Map.of("status", "ok"))));
        r.add(route("GET", "/api/v1/health", Role.viewer, false, "system", "Get the system health", List.of(),
                q -> Response.json(system.health(caller(q)))));
        r.add(route("GET", "/api/v1/cluster", Role.viewer, false, "system",
                "Get this node's view of its cluster: members, which node records each camera (404 outside a cluster)", List.of(),
                q -> Response.json(system.cluster(caller(q)))));
        r.add(route("GET", "/api/v1/cluster/cameras/{id}", Role.viewer, true, "system",
                "Get which node recorded a camera when: its failover history (404 outside a cluster)", List.of(),
                q -> Response.json(system.cameraHistory(caller(q), q.path("id")))));
        r.add(route("GET", "/metrics", Role.metrics, false, "system", "Get Prometheus metrics (the metrics role, or admin)", List.of(),
                q -> Response.bytes(SystemStatus.METRICS_CONTENT_TYPE, system.metrics())));
    }
}
