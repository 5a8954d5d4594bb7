package io.nightjar.api.http;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Cross-origin access for browser clients on other origins (a VMS web client, a dashboard). Off by
 * default: no origin is allowed and no CORS header is ever sent. Allowed origins are listed
 * exactly ({@code https://vms.example.org}) or as {@code *}. Credentials (cookies) are never
 * allowed cross-origin: such clients authenticate with a token in {@code Authorization}.
 */
public final class Cors {
    /** Request headers a cross-origin client may send. */
    static final Set<String> ALLOWED_HEADERS = Set.of("authorization", "content-type", "last-event-id", "range", "if-none-match", "if-range");
    static final String EXPOSED_HEADERS = "Content-Range, Accept-Ranges, Content-Length, ETag, Last-Modified, Location";
    static final int MAX_AGE_SECONDS = 600;

    private final Set<String> origins;
    private final boolean any;

    private Cors(List<String> origins) {
        this.origins = origins.stream().map(o -> o.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.any = this.origins.contains("*");
    }

    /** @param origins allowed origins, {@code *} for any; empty: CORS off */
    public static Cors of(List<String> origins) {
        return new Cors(origins == null ? List.of() : origins);
    }

    public static Cors off() {
        return new Cors(List.of());
    }

    /** Whether an origin is allowed. */
    boolean allows(String origin) {
        return origin != null && (any || origins.contains(origin.toLowerCase(Locale.ROOT)));
    }

    /** True for a CORS preflight: OPTIONS with an Origin and Access-Control-Request-Method. */
    static boolean isPreflight(FullHttpRequest req) {
        return req.method().name().equals("OPTIONS") && req.headers().contains(HttpHeaderNames.ORIGIN)
                && req.headers().contains(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
    }

    /** The headers every response to {@code req} carries (none when the origin is not allowed). */
    HttpHeaders responseHeaders(FullHttpRequest req) {
        HttpHeaders h = new DefaultHttpHeaders();
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        if (!allows(origin)) {
            return h;
        }
        h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, any ? "*" : origin);
        h.set(HttpHeaderNames.VARY, "Origin");
        h.set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED_HEADERS);
        return h;
    }

    /** The headers of a preflight's answer: the methods of the path, the requested headers we accept. */
    HttpHeaders preflightHeaders(FullHttpRequest req, Set<String> methods) {
        HttpHeaders h = responseHeaders(req);
        if (h.isEmpty()) {
            return h;
        }
        h.remove(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS);
        h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, String.join(", ", methods));
        String asked = req.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
        if (asked != null) {
            String ok = java.util.Arrays.stream(asked.split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT))
                    .filter(ALLOWED_HEADERS::contains).collect(Collectors.joining(", "));
            if (!ok.isEmpty()) {
                h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, ok);
            }
        }
        h.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, String.valueOf(MAX_AGE_SECONDS));
        return h;
    }
}
