package io.nightjar.api.routes;

import static io.nightjar.api.routes.Routes.route;

import io.nightjar.api.auth.Principal;
import io.nightjar.api.auth.Role;
import io.nightjar.api.http.ApiException;
import io.nightjar.api.http.HttpApiHandler;
import io.nightjar.api.http.Json;
import io.nightjar.api.http.Part;
import io.nightjar.api.http.Response;
import io.nightjar.api.http.Router;
import io.nightjar.api.server.NightjarServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Log in and out, who am I, API tokens. */
final class AuthRoutes {
    private AuthRoutes() {
    }

    /** Login body. */
    record Login(String user, String password) {
    }

    /** Token creation body. */
    /**
     * @param label what the token is for
     * @param user  whose token (admins only; default the caller): how a scrape user of the metrics
     *              role, which may not create tokens, gets one
     */
    record NewToken(String label, String user) {
    }

    static void register(Router r, NightjarServer s) {
        io.nightjar.api.auth.AuthGuard limiter = s.authGuard();
        r.add(route("POST", "/api/v1/auth/login", null, false, "auth", "Log in with a user name and password", List.of(), q -> {
            Login l = q.body(Login.class);
            if (l.user() == null || l.password() == null) {
                throw ApiException.badRequest("'user' and 'password' are required");
            }
            io.nightjar.api.auth.AuthGuard.Decision d = limiter.check(q.remote(), l.user());
            if (!d.allowed()) {
                long wait = d.retryAfterSeconds();
                return new Response.Body(429, "application/json; charset=utf-8", List.of(Part.bytes(Json.MAPPER.writeValueAsBytes(
                        Map.of("error", d.reason() + "; try again in " + wait + " s")))), Map.of("Retry-After", Long.toString(wait)),
                        false);
            }
            Principal p = s.users().checkPassword(l.user(), l.password());
            if (p == null) {
                limiter.failed(q.remote(), l.user());
                s.audit().record(l.user(), q.remote(), "login.failed", null, null, null, null);
                throw new ApiException(401, "wrong user name or password");
            }
            limiter.succeeded(q.remote(), l.user());
            String token = s.users().newSession(p);
            s.audit().record(p.user(), q.remote(), "login", null, null, null, null);
            Map<String, Object> body = me(p);
            body.put("token", token);
            String cookie = HttpApiHandler.SESSION_COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200"
                    + (q.secure() ? "; Secure" : "");
            return new Response.Body(200, "application/json; charset=utf-8", List.of(Part.bytes(Json.MAPPER.writeValueAsBytes(body))),
                    Map.of("Set-Cookie", cookie, "Cache-Control", "no-store"), false);
        }));
        r.add(route("POST", "/api/v1/auth/logout", Role.viewer, false, "auth", "Log out (ends this session)", List.of(), q -> {
            String auth = q.header("Authorization");
            if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                s.users().endSession(auth.substring(7).trim());
            }
            String cookies = q.header("Cookie");
            if (cookies != null) {
                for (var c : io.netty.handler.codec.http.cookie.ServerCookieDecoder.STRICT.decode(cookies)) {
                    if (c.name().equals(HttpApiHandler.SESSION_COOKIE)) {
                        s.users().endSession(c.value());
                    }
                }
            }
            return new Response.Body(204, "application/json", List.of(), Map.of("Set-Cookie", HttpApiHandler.SESSION_COOKIE
                    + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" + (q.secure() ? "; Secure" : "")), false);
        }));
        r.add(route("GET", "/api/v1/auth/me", Role.viewer, false, "auth", "Get the logged-in user", List.of(),
                q -> Response.json(me(q.principal()))));
        r.add(route("GET", "/api/v1/auth/tokens", Role.viewer, false, "auth", "List API tokens (yours; all for an admin)", List.of(), q -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Map<String, Object> t : s.users().listTokens()) {
                if (q.principal().role() == Role.admin || q.user().equals(t.get("user"))) {
                    out.add(t);
                }
            }
            return Response.json(out);
        }));
        r.add(route("POST", "/api/v1/auth/tokens", Role.viewer, false, "auth", "Create an API token (shown once)", List.of(), q -> {
            NewToken t = q.body(NewToken.class);
            if (t.label() != null && t.label().length() > 100) {
                throw ApiException.badRequest("'label' must be at most 100 characters");
            }
            String owner = t.user() == null ? q.user() : t.user();
            if (!owner.equals(q.user()) && q.principal().role() != Role.admin) {
                throw ApiException.forbidden("only an admin may create a token for another user");
            }
            Map<String, Object> created;
            try {
                created = s.users().createToken(owner, t.label());
            } catch (java.util.NoSuchElementException e) {
                throw ApiException.notFound(e.getMessage());
            }
            s.audit().record(q.user(), q.remote(), "token.create", null, null, null, created.get("id") + " for " + owner);
            return Response.json(201, created);
        }));
        r.add(route("DELETE", "/api/v1/auth/tokens/{tokenId}", Role.viewer, false, "auth", "Revoke an API token", List.of(), q -> {
            String id = q.path("tokenId");
            boolean mine = s.users().listTokens().stream().anyMatch(t -> id.equals(t.get("id")) && q.user().equals(t.get("user")));
            if (!mine && q.principal().role() != Role.admin) {
                throw ApiException.notFound("no token '" + id + "'");
            }
            if (!s.users().deleteToken(id)) {
                throw ApiException.notFound("no token '" + id + "'");
            }
            s.audit().record(q.user(), q.remote(), "token.delete", null, null, null, id);
            return Response.noContent();
        }));
    }

    static Map<String, Object> me(Principal p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user", p.user());
        m.put("role", p.role().name());
        m.put("cameras", p.cameras());
        return m;
    }
}
