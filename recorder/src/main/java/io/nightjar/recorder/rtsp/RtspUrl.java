package io.nightjar.recorder.rtsp;

import io.nightjar.recorder.auth.Credentials;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An {@code rtsp://} URL split into what is sent (scheme, host, port, path) and what is not
 * (user information). {@link #toString()} never includes credentials. Passwords with reserved
 * characters are accepted percent-encoded or, as cameras' manuals often show them, raw.
 */
public final class RtspUrl {
    public static final int DEFAULT_PORT = 554;

    private final String host;
    private final int port;
    private final String pathAndQuery;
    private final Credentials credentials;

    private RtspUrl(String host, int port, String pathAndQuery, Credentials credentials) {
        this.host = host;
        this.port = port;
        this.pathAndQuery = pathAndQuery;
        this.credentials = credentials;
    }

    /** @throws IllegalArgumentException with a message that does not repeat the password */
    public static RtspUrl parse(String url) {
        if (url == null) {
            throw new IllegalArgumentException("no RTSP URL given");
        }
        String s = url.trim();
        String lower = s.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("rtsp://")) {
            throw new IllegalArgumentException("not an rtsp:// URL (scheme must be rtsp)");
        }
        String rest = s.substring("rtsp://".length());
        Credentials credentials = null;
        int at = rest.lastIndexOf('@');
        int firstSlash = rest.indexOf('/');
        // User information ends at the last '@' when it comes before the path, or when a raw
        // password holds a '/': then the text before the '@' still has the user:password colon.
        boolean hasUserInfo = at >= 0 && (firstSlash < 0 || rest.indexOf('@') < firstSlash
                || rest.substring(0, at).indexOf(':') >= 0 && rest.substring(0, at).indexOf(':') < firstSlash);
        if (hasUserInfo) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            String password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
            credentials = new Credentials(user, password);
        }
        int pathStart = indexOfAny(rest, '/', '?');
        String authority = pathStart < 0 ? rest : rest.substring(0, pathStart);
        String path = pathStart < 0 ? "/" : rest.substring(pathStart);
        if (path.startsWith("?")) {
            path = "/" + path;
        }
        String host;
        int port = DEFAULT_PORT;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unterminated IPv6 address in RTSP URL host");
            }
            host = authority.substring(1, close);
            String after = authority.substring(close + 1);
            if (after.startsWith(":")) {
                port = parsePort(after.substring(1));
            } else if (!after.isEmpty()) {
                throw new IllegalArgumentException("unexpected text after IPv6 address in RTSP URL");
            }
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            if (colon >= 0) {
                port = parsePort(authority.substring(colon + 1));
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("RTSP URL has no host");
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == ':' || c == '_' || c == '%')) {
                throw new IllegalArgumentException("RTSP URL host contains '" + c + "'");
            }
        }
        return new RtspUrl(host, port, path, credentials);
    }

    private static int parsePort(String p) {
        // The text is never echoed: in a URL typed without its host ("rtsp://admin:hunter22") or
        // with a character the user information may not hold, what stands where the port would be
        // can be a password (found by HttpInputFuzz).
        int port;
        try {
            port = Integer.parseInt(p);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("RTSP URL port (after the last ':' before the path) is not a number"
                    + " (a password with '@', '/' or ':' must be percent-encoded, or given apart)");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("RTSP URL port is out of range (1-65535)");
        }
        return port;
    }

    private static int indexOfAny(String s, char a, char b) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == a || s.charAt(i) == b) {
                return i;
            }
        }
        return -1;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // a raw '%' in a password: take it literally
        }
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String pathAndQuery() {
        return pathAndQuery;
    }

    /** Credentials from the URL's user information, or null. */
    public Credentials credentials() {
        return credentials;
    }

    /** The same URL with other credentials (or none). */
    public RtspUrl withCredentials(Credentials c) {
        return new RtspUrl(host, port, pathAndQuery, c);
    }

    /** The URL as sent in requests: no user information. */
    @Override
    public String toString() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return "rtsp://" + h + (port == DEFAULT_PORT ? "" : ":" + port) + pathAndQuery;
    }

    /**
     * Resolves a media {@code a=control} against a base URL the way cameras expect: absolute
     * controls are taken as they are, {@code *} means the base, anything else is appended with
     * one slash. A base without a scheme (seen in Content-Base headers) gets {@code rtsp://}.
     */
    public static String resolveControl(String base, String control) {
        String b = base;
        if (!b.regionMatches(true, 0, "rtsp://", 0, 7) && !b.regionMatches(true, 0, "rtsps://", 0, 8)) {
            b = "rtsp://" + b;
        }
        if (control == null || control.isEmpty() || control.equals("*")) {
            return b;
        }
        if (control.regionMatches(true, 0, "rtsp://", 0, 7) || control.regionMatches(true, 0, "rtsps://", 0, 8)) {
            return control;
        }
        if (b.endsWith("/") || control.startsWith("/")) {
            return b.endsWith("/") && control.startsWith("/") ? b + control.substring(1) : b + control;
        }
        return b + "/" + control;
    }
}
