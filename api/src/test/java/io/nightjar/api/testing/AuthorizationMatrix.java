package io.nightjar.api.testing;

import io.nightjar.api.auth.Role;
import io.nightjar.api.http.Route;
import io.nightjar.api.routes.Routes;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every route of the real route table, called without credentials and as each role of the
 * fixture's users: no credentials is 401 (except the public routes), a role below the route's is
 * 403, a role at or above it is never 401/403; the viewer limited to camera "a" gets 403 on "b".
 */
public final class AuthorizationMatrix {
    private AuthorizationMatrix() {
    }

    /** Each route whose answers break the rule, with what it answered (empty: all right). */
    public static List<String> failures(ServerFixture fx) throws Exception {
        List<Route> routes = Routes.build(fx.server.services()).routes();
        if (routes.size() < 40) {
            return List.of("only " + routes.size() + " routes: the table did not build");
        }
        List<String> failures = new ArrayList<>();
        for (Route r : routes) {
            String path = concrete(r.template(), "a");
            int anonymous = call(fx, r.method(), path, null);
            if (r.role() == null) {
                if (anonymous == 401 || anonymous == 403) {
                    failures.add(r.method() + " " + r.template() + " is public but answered " + anonymous);
                }
            } else if (anonymous != 401) {
                failures.add(r.method() + " " + r.template() + " without credentials: " + anonymous + ", expected 401");
            }
            for (Role role : Role.values()) {
                int status = call(fx, r.method(), path, role.name());
                boolean allowed = r.allows(role);
                if (allowed && (status == 401 || status == 403)) {
                    failures.add(r.method() + " " + r.template() + " as " + role + ": " + status + ", expected allowed");
                }
                if (!allowed && status != 403) {
                    failures.add(r.method() + " " + r.template() + " as " + role + ": " + status + ", expected 403");
                }
            }
            if (r.cameraScoped() && r.role() == Role.viewer) {
                int other = call(fx, r.method(), concrete(r.template(), "b"), "scoped");
                int own = call(fx, r.method(), path, "scoped");
                if (other != 403) {
                    failures.add(r.method() + " " + r.template() + " on another camera as a scoped viewer: " + other);
                }
                if (own == 401 || own == 403) {
                    failures.add(r.method() + " " + r.template() + " on its own camera as a scoped viewer: " + own);
                }
            }
        }
        return failures;
    }

    /** A concrete path for a route template on {@code camera}. */
    public static String concrete(String template, String camera) {
        return template.replace("{id}", camera).replace("{name}", "nobody").replace("{tokenId}", "none").replace("{exportId}", "none")
                .replace("{eventId}", "1").replace("{holdId}", "999999").replace("{bookmarkId}", "999999").replace("{file}", "1.mp4")
                .replace("{segment}", "1.init.mp4");
    }

    /** The status only (streams are closed after the head). */
    public static int call(ServerFixture fx, String method, String path, String user) throws Exception {
        return answer(fx, method, path, user).status();
    }

    /** A status and the first bytes of the body (streams are not read to their end). */
    public record Answer(int status, String start) {
    }

    public static Answer answer(ServerFixture fx, String method, String path, String user) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fx.base() + path)).timeout(Duration.ofSeconds(20));
        if (user != null) {
            b.header("Authorization", ServerFixture.basic(user));
        }
        boolean body = method.equals("POST") || method.equals("PUT");
        if (body) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        HttpResponse<InputStream> r = fx.http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            boolean stream = r.headers().firstValue("content-type").orElse("").startsWith("text/event-stream");
            byte[] start = stream ? new byte[0] : in.readNBytes(512);
            return new Answer(r.statusCode(), new String(start, java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
