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
 * required role (as {@code x-nightjar-role}) and security scheme, with each route's request body
 * (its Java type's fields), success status, media type and schema from {@link ApiDocs}, and the
 * error statuses it can give. Generated, so it cannot describe a route that is not served or miss
 * one that is; {@code OpenApiIT} lints it with {@code @redocly/cli}.
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
        doc.put("servers", List.of(Map.of("url", "/", "description", "This Nightjar server")));
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
            ApiDocs.Doc d = ApiDocs.of(r);
            if (d == null) {
                throw new IllegalStateException("no API documentation for " + r.method() + " " + r.template() + " (add it to ApiDocs)");
            }
            if (d.body() != null) {
                op.put("requestBody", Map.of("required", true, "content", Map.of("application/json", Map.of("schema", JsonSchemas.of(d.body())))));
            }
            Map<String, Object> responses = new LinkedHashMap<>();
            Map<String, Object> ok = new LinkedHashMap<>();
            ok.put("description", d.status() == 101 ? "Switching to a WebSocket" : d.status() == 204 ? "Done, no content" : "OK");
            if (d.mediaType() != null) {
                ok.put("content", Map.of(d.mediaType(), Map.of("schema", d.schema())));
            }
            responses.put(Integer.toString(d.status()), ok);
            if (d.ranged()) {
                responses.put("206", Map.of("description", "The byte range(s) asked for (HTTP Range; several as multipart/byteranges)",
                        "content", Map.of(d.mediaType(), Map.of("schema", d.schema()))));
                if (r.template().endsWith("/files/{file}") || r.template().endsWith("/file.mp4")) {
                    responses.put("304", Map.of("description", "Not modified (If-None-Match with the file's SHA-256 ETag)"));
                }
                responses.put("416", error("Range not satisfiable"));
            }
            responses.put("400", error("Bad request (the message says what)"));
            if (r.role() != null) {
                responses.put("401", error("Not authenticated"));
                responses.put("403", error("Role or camera not allowed"));
                op.put("x-nightjar-role", r.role().name());
                op.put("security", List.of(Map.of("bearer", List.of()), Map.of("token", List.of()), Map.of("basic", List.of()),
                        Map.of("session", List.of())));
            } else {
                op.put("security", List.of());
            }
            if (!r.names().isEmpty() || r.cameraScoped() || r.method().equals("POST") && r.template().equals("/api/v1/exports")) {
                responses.put("404", error("Not found (the message says what)"));
            }
            if (d.conflicts()) {
                responses.put("409", error("The export is not finished"));
            }
            if (r.template().equals("/api/v1/auth/login")) {
                responses.put("401", error("Wrong user name or password"));
                responses.put("429", Map.of("description", "Too many failed logins (Retry-After says when to try again)",
                        "headers", Map.of("Retry-After", Map.of("schema", Map.of("type", "integer"))),
                        "content", Map.of("application/json", Map.of("schema", ApiDocs.ref("Error")))));
            }
            op.put("responses", responses);
            item.put(r.method().toLowerCase(Locale.ROOT), op);
        }
        doc.put("paths", paths);
        Map<String, Object> schemes = new LinkedHashMap<>();
        schemes.put("bearer", Map.of("type", "http", "scheme", "bearer", "description", "An API token (t_...) or a session token"));
        schemes.put("token", Map.of("type", "apiKey", "in", "query", "name", "token",
                "description", "The same token as a query parameter, for players that cannot send headers (HLS, RTSP, <video>)"));
        schemes.put("basic", Map.of("type", "http", "scheme", "basic"));
        schemes.put("session", Map.of("type", "apiKey", "in", "cookie", "name", "nightjar_session"));
        doc.put("components", Map.of("securitySchemes", schemes, "schemas", ApiDocs.SCHEMAS));
        return doc;
    }

    private static Map<String, Object> error(String description) {
        return Map.of("description", description, "content", Map.of("application/json", Map.of("schema", ApiDocs.ref("Error"))));
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
