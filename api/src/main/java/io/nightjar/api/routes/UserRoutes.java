package io.nightjar.api.routes;

import static io.nightjar.api.routes.Routes.route;

import io.nightjar.api.auth.Role;
import io.nightjar.api.http.ApiException;
import io.nightjar.api.http.Response;
import io.nightjar.api.http.Router;
import io.nightjar.api.server.NightjarServer;
import java.util.List;
import java.util.Set;

/** User administration (admin only) and the audit log. */
final class UserRoutes {
    private UserRoutes() {
    }

    /** A user to create or change (null fields are left as they are on update). */
    record UserBody(String name, String password, Role role, Set<String> cameras) {
    }

    static void register(Router r, NightjarServer s) {
        r.add(route("GET", "/api/v1/users", Role.admin, false, "users", "List users", List.of(), q -> Response.json(s.users().listUsers())));
        r.add(route("POST", "/api/v1/users", Role.admin, false, "users", "Create a user", List.of(), q -> {
            UserBody b = q.body(UserBody.class);
            s.users().createUser(b.name(), b.password(), b.role(), b.cameras());
            s.audit().record(q.user(), q.remote(), "user.create", null, null, null, b.name() + " as " + b.role());
            return Response.json(201, s.users().listUsers().stream().filter(u -> u.get("name").equals(b.name())).findFirst().orElseThrow());
        }));
        r.add(route("PUT", "/api/v1/users/{name}", Role.admin, false, "users", "Change a user's password, role or cameras", List.of(), q -> {
            UserBody b = q.body(UserBody.class);
            String name = q.path("name");
            if (b.name() != null && !b.name().equals(name)) {
                throw ApiException.badRequest("a user cannot be renamed");
            }
            s.users().updateUser(name, b.password(), b.role(), b.cameras());
            s.audit().record(q.user(), q.remote(), "user.update", null, null, null, name + (b.password() != null ? " (password)" : ""));
            return Response.json(s.users().listUsers().stream().filter(u -> u.get("name").equals(name)).findFirst().orElseThrow());
        }));
        r.add(route("DELETE", "/api/v1/users/{name}", Role.admin, false, "users", "Delete a user", List.of(), q -> {
            if (!s.users().deleteUser(q.path("name"))) {
                throw ApiException.notFound("no user '" + q.path("name") + "'");
            }
            s.audit().record(q.user(), q.remote(), "user.delete", null, null, null, q.path("name"));
            return Response.noContent();
        }));
        r.add(route("GET", "/api/v1/audit", Role.admin, false, "audit", "Query the audit log", List.of("from", "to", "limit"), q -> {
            Long from = q.optionalTimeQuery("from");
            Long to = q.optionalTimeQuery("to");
            int limit = q.intQuery("limit", 500, 1, 10_000);
            return Response.json(s.audit().query(from == null ? 0 : from, to == null ? Long.MAX_VALUE : to, limit));
        }));
    }
}
