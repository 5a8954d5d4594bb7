package io.nightjar.api.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/** The route table; the OpenAPI document is generated from it. */
public final class Router {
    private final List<Route> routes = new ArrayList<>();

    public Router add(Route r) {
        routes.add(r);
        return this;
    }

    public List<Route> routes() {
        return Collections.unmodifiableList(routes);
    }

    /** A matched route and its path parameters. */
    public record Match(Route route, Map<String, String> params) {
    }

    /**
     * The methods a path answers to (with HEAD wherever GET is, and OPTIONS), for {@code Allow};
     * empty when no route has that path.
     */
    public java.util.Set<String> allowed(String path) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (Route r : routes) {
            if (r.pattern().matcher(path).matches()) {
                out.add(r.method());
                if (r.method().equals("GET")) {
                    out.add("HEAD");
                }
            }
        }
        if (!out.isEmpty()) {
            out.add("OPTIONS");
        }
        return out;
    }

    /** @return the match, or null; {@code methodMismatch[0]} tells if the path exists with other methods */
    public Match match(String method, String path, boolean[] methodMismatch) {
        for (Route r : routes) {
            Matcher m = r.pattern().matcher(path);
            if (!m.matches()) {
                continue;
            }
            if (!r.method().equals(method)) {
                methodMismatch[0] = true;
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i < r.names().size(); i++) {
                params.put(r.names().get(i), java.net.URLDecoder.decode(m.group(i + 1), java.nio.charset.StandardCharsets.UTF_8));
            }
            return new Match(r, params);
        }
        return null;
    }
}
