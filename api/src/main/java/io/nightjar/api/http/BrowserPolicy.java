package io.nightjar.api.http;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.URI;
import java.util.Locale;

/**
 * What the server does for browsers' sake: the headers every response carries (no sniffing, no
 * framing, no referrer, a content security policy for the UI, HSTS over TLS) and the cross-site
 * request checks (CSRF): a state-changing request authenticated by the session cookie, and any
 * WebSocket upgrade that names an origin, must come from this server's own origin (its
 * {@code Host}) or one allowed by CORS. Clients that are not browsers send tokens or Basic, not the
 * cookie, and are not affected.
 */
final class BrowserPolicy {
    /**
     * The UI's policy: scripts only from this server (hls.js is served from it too); inline style
     * attributes allowed (the views use a few; scripts are what matter); media and workers from
     * blob: (MSE and hls.js); connections to this origin only (fetch, SSE, WebSocket).
     */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
            + "media-src 'self' blob:; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";
    static final String HSTS = "max-age=31536000";

    private BrowserPolicy() {
    }

    /** Adds the headers every response carries. */
    static void addHeaders(HttpHeaders h, boolean tls) {
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Frame-Options", "DENY");
        h.set("Referrer-Policy", "no-referrer"); // ?token= URLs must not leak to other sites
        h.set("Content-Security-Policy", CSP);
        if (tls) {
            h.set("Strict-Transport-Security", HSTS);
        }
    }

    /**
     * Why a request is refused as cross-site, or null when it is not: a state-changing request
     * carried by the session cookie without a same-origin (or CORS-allowed) {@code Origin}, or a
     * WebSocket upgrade from another origin.
     */
    static String crossSite(FullHttpRequest req, boolean byCookie, Cors cors) {
        String method = req.method().name();
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        boolean upgrade = "websocket".equalsIgnoreCase(req.headers().get(HttpHeaderNames.UPGRADE));
        boolean changes = !(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS"));
        if (upgrade && origin != null && !trusted(req, origin, cors)) {
            return "a WebSocket from origin " + bounded(origin) + " is not allowed here (server.corsOrigins)";
        }
        if (changes && byCookie && (origin == null || !trusted(req, origin, cors))) {
            return origin == null
                    ? "a " + method + " with the session cookie must carry an Origin header (browsers send it; other clients use a token)"
                    : "a " + method + " with the session cookie from origin " + bounded(origin) + " is refused (cross-site request)";
        }
        return null;
    }

    /** The origin is this server's (same host and port as the request's Host, any scheme: TLS may end at a proxy) or allowed by CORS. */
    static boolean trusted(FullHttpRequest req, String origin, Cors cors) {
        if (cors.allows(origin)) {
            return true;
        }
        String host = req.headers().get(HttpHeaderNames.HOST);
        if (host == null || origin.equals("null")) {
            return false;
        }
        try {
            URI o = URI.create(origin);
            if (o.getRawAuthority() == null) {
                return false;
            }
            String authority = o.getRawAuthority().toLowerCase(Locale.ROOT);
            String h = host.trim().toLowerCase(Locale.ROOT);
            return authority.equals(h) || authority.equals(withoutDefaultPort(h, o.getScheme()))
                    || withoutDefaultPort(authority, o.getScheme()).equals(h);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String withoutDefaultPort(String authority, String scheme) {
        String port = "https".equalsIgnoreCase(scheme) ? ":443" : ":80";
        return authority.endsWith(port) ? authority.substring(0, authority.length() - port.length()) : authority;
    }

    private static String bounded(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "…" : s;
    }
}
