package io.nightjar.api.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.nightjar.api.auth.Principal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A request as handlers see it: parameters, body, the authenticated principal, the channel. */
public final class ApiRequest {
    private final FullHttpRequest http;
    private final ChannelHandlerContext ctx;
    private final Map<String, List<String>> query;
    private final Map<String, String> path;
    private final Principal principal;
    private final String remote;

    public ApiRequest(FullHttpRequest http, ChannelHandlerContext ctx, Map<String, List<String>> query, Map<String, String> path,
                      Principal principal, String remote) {
        this.http = http;
        this.ctx = ctx;
        this.query = query;
        this.path = path;
        this.principal = principal;
        this.remote = remote;
    }

    public static Map<String, List<String>> parseQuery(String uri) {
        return new QueryStringDecoder(uri).parameters();
    }

    public FullHttpRequest http() {
        return http;
    }

    public ChannelHandlerContext ctx() {
        return ctx;
    }

    public Principal principal() {
        return principal;
    }

    public String user() {
        return principal == null ? "anonymous" : principal.user();
    }

    /** Whether the request came over TLS (cookies are then {@code Secure}). */
    public boolean secure() {
        return HttpApiHandler.secure(ctx);
    }

    public String remote() {
        return remote;
    }

    public String header(String name) {
        return http.headers().get(name);
    }

    /** A path parameter ({@code {id}}). */
    public String path(String name) {
        return path.get(name);
    }

    /** A query parameter, or null. */
    public String query(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    public String requiredQuery(String name) {
        String v = query(name);
        if (v == null || v.isEmpty()) {
            throw ApiException.badRequest("query parameter '" + name + "' is required");
        }
        return v;
    }

    public int intQuery(String name, int dflt, int min, int max) {
        String v = query(name);
        if (v == null) {
            return dflt;
        }
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) {
                throw ApiException.badRequest("'" + name + "' must be between " + min + " and " + max);
            }
            return i;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("'" + name + "' must be a whole number, was '" + v + "'");
        }
    }

    /** A time parameter: ISO-8601 instant or epoch milliseconds; returns UTC µs. */
    public long timeQuery(String name) {
        return parseTime(name, requiredQuery(name));
    }

    public Long optionalTimeQuery(String name) {
        String v = query(name);
        return v == null ? null : parseTime(name, v);
    }

    /**
     * A time given by a client, in UTC µs: {@link io.nightjar.recorder.time.TimeText} (the one time
     * grammar, shared with the command line), a 400 with its message otherwise.
     */
    public static long parseTime(String name, String v) {
        try {
            return io.nightjar.recorder.time.TimeText.parseMicros(name, v);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    /** The JSON body bound to a type; unknown fields and malformed JSON are a 400 with the reason. */
    public <T> T body(Class<T> type) {
        return body(type, java.util.Set.of());
    }

    /**
     * The JSON body bound to a type, after dropping the top-level fields in {@code readOnly} (what a
     * GET of the same resource shows but a client cannot set, so a fetched object can be sent back).
     */
    public <T> T body(Class<T> type, java.util.Set<String> readOnly) {
        String text = http.content().toString(StandardCharsets.UTF_8);
        if (text.isBlank()) {
            throw ApiException.badRequest("a JSON body is required");
        }
        try {
            if (!readOnly.isEmpty()) {
                com.fasterxml.jackson.databind.JsonNode tree = Json.MAPPER.readTree(text);
                if (tree instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
                    o.remove(readOnly);
                    return Json.MAPPER.treeToValue(o, type);
                }
            }
            return Json.MAPPER.readValue(text, type);
        } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
            throw ApiException.badRequest("unknown field '" + e.getPropertyName() + "'");
        } catch (com.fasterxml.jackson.databind.exc.InvalidFormatException e) {
            throw ApiException.badRequest("field " + fieldPath(e) + ": '" + clip(String.valueOf(e.getValue())) + "' is not valid");
        } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
            throw ApiException.badRequest("field " + fieldPath(e) + ": must be " + jsonKind(e.getTargetType()));
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            throw ApiException.badRequest("field " + fieldPath(e) + " is not valid");
        } catch (IOException e) {
            throw ApiException.badRequest("malformed JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                    ? j.getOriginalMessage() : e.getMessage()));
        }
    }

    /** What a JSON value of a Java type is called to a client (never the Java class). */
    static String jsonKind(Class<?> t) {
        if (t == null) {
            return "of another type";
        }
        if (t == String.class || t.isEnum() || t == Instant.class) {
            return "a string";
        }
        if (t == Boolean.class || t == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(t) || (t.isPrimitive() && t != char.class)) {
            return "a number";
        }
        if (t.isArray() || java.util.Collection.class.isAssignableFrom(t)) {
            return "an array";
        }
        return "an object";
    }

    private static String fieldPath(com.fasterxml.jackson.databind.JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (var r : e.getPath()) {
            sb.append(r.getFieldName() != null ? (sb.length() > 0 ? "." : "") + r.getFieldName() : "[" + r.getIndex() + "]");
        }
        return sb.length() == 0 ? "(body)" : "'" + sb + "'";
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
