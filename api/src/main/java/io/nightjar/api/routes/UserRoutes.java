package io.nightjar.api.routes;

import static io.nightjar.api.routes.Routes.caller;
import static io.nightjar.api.routes.Routes.route;

import io.nightjar.api.auth.Role;
import io.nightjar.api.http.Response;
import io.nightjar.api.http.Router;
import io.nightjar.api.service.Accounts;
import io.nightjar.api.service.Evidence;
import io.nightjar.api.service.UserChange;
import java.util.List;

/** User administration (admin only: {@link Accounts}) and the audit log ({@link Evidence}). */
final class UserRoutes {
    private UserRoutes() {
    }

    static void register(Router r, Accounts accounts, Evidence evidence) {
        r.add(route("GET", "/api/v1/users", Role.admin, false, "users", "List users", List.of(), q -> Response.json(accounts.users())));
        r.add(route("POST", "/api/v1/users", Role.admin, false, "users", "Create a user", List.of(),
                q -> Response.json(201, accounts.createUser(caller(q), q.body(UserChange.class)))));
        r.add(route("PUT", "/api/v1/users/{name}", Role.admin, false, "users", "Change a user's password, role or cameras", List.of(),
                q -> Response.json(accounts.updateUser(caller(q), q.path("name"), q.body(UserChange.class)))));
        r.add(route("DELETE", "/api/v1/users/{name}", Role.admin, false, "users", "Delete a user", List.of(), q -> {
            accounts.deleteUser(caller(q), q.path("name"));
            return Response.noContent();
        }));
        r.add(route("GET", "/api/v1/audit", Role.admin, false, "audit", "Query the audit log", List.of("from", "to", "limit"), q -> {
            Long from = q.optionalTimeQuery("from");
            Long to = q.optionalTimeQuery("to");
            int limit = q.intQuery("limit", 500, 1, 10_000);
            return Response.json(evidence.auditLog(caller(q), from == null ? 0 : from, to == null ? Long.MAX_VALUE : to, limit));
        }));
    }
}
