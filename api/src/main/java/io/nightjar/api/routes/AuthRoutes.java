package io.nightjar.api.routes;

import static io.nightjar.api.routes.Routes.caller;
import static io.nightjar.api.routes.Routes.route;

import io.nightjar.api.auth.Role;
import io.nightjar.api.http.ApiException;
import io.nightjar.api.http.HttpApiHandler;
import io.nightjar.api.http.Json;
import io.nightjar.api.http.Part;
import io.nightjar.api.http.Response;
import io.nightjar.api.http.Router;
import io.nightjar.api.service.Accounts;
import io.nightjar.api.service.LoginOutcome;
import io.nightjar.api.service.Me;
import java.util.List;
import java.util.Map;

/** Log in and out, who am I, API tokens: {@link Accounts}. */
final class AuthRoutes {
    /** How long a session cookie lasts (the session itself expires in the user store at the same time). */
    static final int SESSION_SECONDS = 43_200;

    private AuthRoutes() {
    }

    /** Login body. */
    record Login(String user, String password) {
    }

    /**
     * Token creation body.
     *
     * @param label what the token is for
     * @param user  whose token (admins only; default the caller): how a scrape user of the metrics
     *              role, which may not create tokens, gets one
     */
    record NewToken(String label, String user) {
    }

    static void register(Router r, Accounts accounts) {
        r.add(route("POST", "/api/v1/auth/login", null, false, "auth", "Log in with a user name and password", List.of(), q -> {
            Login l = q.body(Login.class);
            LoginOutcome outcome = accounts.login(q.remote(), l.user(), l.password());
            if (outcome instanceof LoginOutcome.Limited lim) {
                return new Response.Body(429, "application/json; charset=utf-8", List.of(Part.bytes(Json.MAPPER.writeValueAsBytes(
                        Map.of("error", lim.reason() + "; try again in " + lim.retryAfterSeconds() + " s")))),
                        Map.of("Retry-After", Long.toString(lim.retryAfterSeconds())), false);
            }
            if (!(outcome instanceof LoginOutcome.Granted granted)) {
                throw new ApiException(401, "wrong user name or password");
            }
            Me session = granted.session();
            String cookie = HttpApiHandler.SESSION_COOKIE + "=" + session.token() + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
                    + SESSION_SECONDS + (q.secure() ? "; Secure" : "");
            return new Response.Body(200, "application/json; charset=utf-8", List.of(Part.bytes(Json.MAPPER.writeValueAsBytes(session))),
                    Map.of("Set-Cookie", cookie, "Cache-Control", "no-store"), false);
        }));
        r.add(route("POST", "/api/v1/auth/logout", Role.viewer, false, "auth", "Log out (ends this session)", List.of(), q -> {
            String auth = q.header("Authorization");
            if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                accounts.logout(auth.substring(7).trim());
            }
            String cookies = q.header("Cookie");
            if (cookies != null) {
                for (var c : io.netty.handler.codec.http.cookie.ServerCookieDecoder.STRICT.decode(cookies)) {
                    if (c.name().equals(HttpApiHandler.SESSION_COOKIE)) {
                        accounts.logout(c.value());
                    }
                }
            }
            return new Response.Body(204, "application/json", List.of(), Map.of("Set-Cookie", HttpApiHandler.SESSION_COOKIE
                    + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" + (q.secure() ? "; Secure" : "")), false);
        }));
        r.add(route("GET", "/api/v1/auth/me", Role.viewer, false, "auth", "Get the logged-in user", List.of(),
                q -> Response.json(Me.of(q.principal()))));
        r.add(route("GET", "/api/v1/auth/tokens", Role.viewer, false, "auth", "List API tokens (yours; all for an admin)", List.of(),
                q -> Response.json(accounts.tokens(caller(q)))));
        r.add(route("POST", "/api/v1/auth/tokens", Role.viewer, false, "auth", "Create an API token (shown once)", List.of(), q -> {
            NewToken t = q.body(NewToken.class);
            return Response.json(201, accounts.createToken(caller(q), t.user(), t.label()));
        }));
        r.add(route("DELETE", "/api/v1/auth/tokens/{tokenId}", Role.viewer, false, "auth", "Revoke an API token", List.of(), q -> {
            accounts.revokeToken(caller(q), q.path("tokenId"));
            return Response.noContent();
        }));
    }
}
