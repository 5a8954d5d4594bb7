package io.nightjar.api.routes;

import io.nightjar.api.http.Route;
import io.nightjar.api.http.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The OpenAPI 3.0 document, generated from the route table: every path, method, parameter,
 * required role (as {@code x-nightjar-role}) and security scheme. Generated, so it cannot
 * describe a route that is not served or miss one that is.
 */
public final class OpenApi {
    private OpenApi() {
    }

    public static Map<String, Object> document(Router router) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.0.3");
        doc.put("info", Map.of("title", "Nightjar API", "version", "1",
                "description", "Recording, playback, export, events and camera health of a Nightjar server. Times are ISO-8601 "
                        + "instants or epoch milliseconds. Authenticate with a session (POST /api/v1/auth/login) or an API token "
                        + "(Authorization: Bearer t_...), or HTTP Basic."));
        Map<String, Object> paths = new LinkedHashMap<>();
        for (Route r : router.routes()) {
            if (r.method().equals("HEAD")) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(r.template(), k -> new LinkedHashMap<>());
            Map<String, Object> op = new LinkedHashMap<>();
            op.put("summary", r.summary());
            op.put("tags", List.of(r.tag()));
            op.put("operationId", operationId(r));
            List<Map<String, Object>> params = new ArrayList<>();
            for (String name : r.names()) {
                params.add(Map.of("name", name, "in", "path", "required", true, "schema", Map.of("type", "string")));
            }
            for (String name : r.query()) {
                boolean required = name.equals("from") && !r.template().endsWith("/snapshot.jpg") && !r.template().equals("/api/v1/events")
                        && !r.template().equals("/api/v1/audit");
                params.add(Map.of("name", name, "in", "query", "required", required, "schema", Map.of("type", "string")));
            }
            if (!params.isEmpty()) {
                op.put("parameters", params);
            }
            if (r.method().equals("POST") || r.method().equals("PUT")) {
                op.put("requestBody", Map.of("required", true, "content", Map.of("application/json",
                        Map.of("schema", Map.of("type", "object")))));
            }
            Map<String, Object> responses = new LinkedHashMap<>();
            responses.put("200", Map.of("description", "OK"));
            responses.put("400", Map.of("description", "Bad request (the message says what)"));
            if (r.role() != null) {
                responses.put("401", Map.of("description", "Not authenticated"));
                responses.put("403", Map.of("description", "Role or camera not allowed"));
                op.put("x-nightjar-role", r.role().name());
                op.put("security", List.of(Map.of("bearer", List.of()), Map.of("basic", List.of()), Map.of("session", List.of())));
            } else {
                op.put("security", List.of());
            }
            op.put("responses", responses);
            item.put(r.method().toLowerCase(Locale.ROOT), op);
        }
        doc.put("paths", paths);
        doc.put("components", Map.of("securitySchemes", Map.of(
                "bearer", Map.of("type", "http", "scheme", "bearer"),
                "basic", Map.of("type", "http", "scheme", "basic"),
                "session", Map.of("type", "apiKey", "in", "cookie", "name", "nightjar_session"))));
        return doc;
    }

    private static String operationId(Route r) {
        StringBuilder sb = new StringBuilder(r.method().toLowerCase(Locale.ROOT));
        for (String part : r.template().split("[/{}.]")) {
            if (!part.isEmpty() && !part.equals("api") && !part.equals("v1")) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1).replace("-", ""));
            }
        }
        return sb.toString();
    }
}
