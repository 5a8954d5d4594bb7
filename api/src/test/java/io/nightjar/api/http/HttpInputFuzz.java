package io.nightjar.api.http;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.nightjar.api.config.CameraConfig;
import io.nightjar.api.config.ConfigException;
import io.nightjar.api.config.ConfigValidator;
import io.nightjar.recorder.rtsp.RtspUrl;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fuzz target: what an API client controls: the query string (times, numbers), a JSON body bound
 * to every request type, and a camera's URLs and credentials through validation. A client's
 * mistake may only be an {@link ApiException} (a 400 with the reason) or a {@link ConfigException};
 * a camera password, given in the URL or apart, never shows in what is kept or said back.
 */
public final class HttpInputFuzz {
    /** The request bodies the routes bind (records in the route classes and the services, and camera configurations). */
    private static final List<Class<?>> BODIES = List.of(CameraConfig.class,
            type("io.nightjar.api.routes.AuthRoutes$Login"), type("io.nightjar.api.routes.AuthRoutes$NewToken"),
            type("io.nightjar.api.routes.ExportRoutes$JobBody"), type("io.nightjar.api.routes.EvidenceRoutes$HoldBody"),
            type("io.nightjar.api.routes.EvidenceRoutes$BookmarkBody"), io.nightjar.api.service.ProbeRequest.class,
            io.nightjar.api.service.UserChange.class);

    private HttpInputFuzz() {
    }

    private static Class<?> type(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("a request body type moved: " + name, e);
        }
    }

    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        switch (data.consumeInt(0, 2)) {
            case 0 -> query(data.consumeRemainingAsString());
            case 1 -> body(BODIES.get(data.consumeInt(0, BODIES.size() - 1)), data.consumeRemainingAsBytes());
            default -> camera(data.consumeString(200), data.consumeString(200), data.consumeString(40), data.consumeRemainingAsString());
        }
    }

    private static void query(String uri) {
        Map<String, List<String>> q;
        try {
            q = ApiRequest.parseQuery(uri); // as the handler decodes it: a bad escape is its 400
        } catch (IllegalArgumentException refused) {
            return;
        }
        ApiRequest r = new ApiRequest(request("/api/v1/x", new byte[0]), null, q, Map.of(), null, "127.0.0.1");
        for (String name : q.keySet()) {
            try {
                ApiRequest.parseTime(name, q.get(name).get(0));
            } catch (ApiException refused) {
                expect400(refused);
            }
            try {
                r.intQuery(name, 10, 1, 1000);
            } catch (ApiException refused) {
                expect400(refused);
            }
            try {
                io.nightjar.api.service.Region.parse(q.get(name).get(0));
            } catch (io.nightjar.api.service.ServiceException refused) {
                if (refused.kind() != io.nightjar.api.service.ServiceException.Kind.INVALID) {
                    throw new IllegalStateException("a bad region is the caller's mistake, not " + refused.kind(), refused);
                }
            }
        }
    }

    private static void body(Class<?> type, byte[] json) {
        ApiRequest r = new ApiRequest(request("/api/v1/x", json), null, Map.of(), Map.of(), null, "127.0.0.1");
        try {
            Object bound = type == CameraConfig.class ? r.body(type, Set.of("state", "health")) : r.body(type);
            if (bound instanceof CameraConfig c) {
                validated(c);
            }
        } catch (ApiException refused) {
            expect400(refused);
        }
    }

    private static void camera(String url, String subUrl, String user, String password) {
        CameraConfig c = new CameraConfig();
        c.id = "cam";
        c.url = url.isEmpty() ? null : url;
        c.subUrl = subUrl.isEmpty() ? null : subUrl;
        c.user = user.isEmpty() ? null : user;
        c.password = password.isEmpty() ? null : password;
        validated(c);
    }

    /** Validates; whatever the outcome, no password in the URLs given shows in the result or the error. */
    private static void validated(CameraConfig c) {
        List<String> secrets = new java.util.ArrayList<>();
        secret(c.url, c, secrets);
        secret(c.subUrl, c, secrets);
        if (c.password != null && c.password.length() >= 8 && !sentElsewhere(c.password, c)) {
            secrets.add(c.password);
        }
        try {
            ConfigValidator.validateCamera("camera", c);
        } catch (ConfigException refused) {
            for (String s : secrets) {
                if (refused.getMessage().contains(s)) {
                    throw new IllegalStateException("a password shows in the error: " + refused.getMessage());
                }
            }
            return;
        }
        for (String u : new String[] {c.url, c.subUrl}) {
            if (u != null && RtspUrl.parse(u).credentials() != null) {
                throw new IllegalStateException("a validated camera URL still carries credentials: " + u);
            }
        }
        for (String s : secrets) {
            if (c.toString().contains(s)) {
                throw new IllegalStateException("a password shows in " + c);
            }
        }
    }

    /** A URL as it may be shown (without user information), or "" when it does not parse. */
    private static String shown(String url) {
        try {
            return url == null ? "" : RtspUrl.parse(url).toString();
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /** Whether {@code s} is also in a field that may be shown (then its showing is not a leak). */
    private static boolean sentElsewhere(String s, CameraConfig c) {
        for (String shown : new String[] {c.id, c.user, shown(c.url), shown(c.subUrl), c.transport, c.name}) {
            if (shown != null && shown.contains(s)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The password part of a URL's user information, if it is long enough and appears nowhere else
     * in what the client sent (else it could show legitimately, as a host or a port).
     */
    private static void secret(String url, CameraConfig c, List<String> out) {
        if (url == null) {
            return;
        }
        int scheme = url.indexOf("://");
        int at = url.lastIndexOf('@', url.indexOf('/', scheme + 3) < 0 ? url.length() : url.indexOf('/', scheme + 3));
        if (scheme < 0 || at < 0) {
            return;
        }
        int colon = url.indexOf(':', scheme + 3);
        if (colon < 0 || colon > at) {
            return;
        }
        String p = url.substring(colon + 1, at);
        String elsewhere = url.substring(0, colon + 1) + " " + url.substring(at) + " " + c.id + " " + c.user + " " + c.transport
                + " " + c.name + " " + shown(c.url) + " " + shown(c.subUrl);
        if (p.length() >= 8 && !elsewhere.contains(p) && url.indexOf(p) == url.lastIndexOf(p)) {
            out.add(p);
        }
    }

    private static FullHttpRequest request(String uri, byte[] body) {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, uri, Unpooled.wrappedBuffer(body));
    }

    private static void expect400(ApiException e) {
        if (e.status() != 400) {
            throw new IllegalStateException("a client's mistake answered " + e.status() + ": " + e.getMessage());
        }
    }
}
