package io.nightjar.api.routes;

import io.nightjar.api.config.CameraConfig;
import io.nightjar.api.events.EventRecord;
import io.nightjar.api.service.AuditEntry;
import io.nightjar.api.service.BookmarkView;
import io.nightjar.api.service.CameraHealthView;
import io.nightjar.api.service.CameraView;
import io.nightjar.api.service.EventPage;
import io.nightjar.api.service.ExportJobView;
import io.nightjar.api.service.HoldView;
import io.nightjar.api.service.Me;
import io.nightjar.api.service.NewTokenView;
import io.nightjar.api.service.ProbeRequest;
import io.nightjar.api.service.ProbeView;
import io.nightjar.api.service.RetentionView;
import io.nightjar.api.service.SegmentFileView;
import io.nightjar.api.service.SpanView;
import io.nightjar.api.service.SystemHealthView;
import io.nightjar.api.service.TokenView;
import io.nightjar.api.service.UserChange;
import io.nightjar.api.service.UserView;
import io.nightjar.api.http.Route;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each route takes and answers, for the OpenAPI document: the success status with its media
 * type and schema, the request body's type, and whether the body can be asked for by byte range.
 * Keyed by method and path template; a route without an entry fails {@code OpenApiIT}. The
 * schemas of bodies and answers are derived from the records the services take and return
 * ({@link JsonSchemas}), so the document describes exactly what is served.
 */
final class ApiDocs {
    /** The success answer and the request body of one route. */
    record Doc(int status, String mediaType, Object schema, Type body, boolean ranged, boolean conflicts) {
        Doc withRanges() {
            return new Doc(status, mediaType, schema, body, true, conflicts);
        }

        Doc withConflict() {
            return new Doc(status, mediaType, schema, body, ranged, true);
        }

        Doc withBody(Type t) {
            return new Doc(status, mediaType, schema, t, ranged, conflicts);
        }
    }

    private static final String JSON = "application/json";
    private static final Map<String, Doc> DOCS = new LinkedHashMap<>();
    /** Named schemas ({@code components.schemas}). */
    static final Map<String, Object> SCHEMAS = new LinkedHashMap<>();

    private ApiDocs() {
    }

    static Doc of(Route r) {
        return DOCS.get(r.method() + " " + r.template());
    }

    private static Doc json(int status, Object schema) {
        return new Doc(status, JSON, schema, null, false, false);
    }

    private static Doc media(String type, String format) {
        return new Doc(200, type, Map.of("type", "string", "format", format), null, false, false);
    }

    private static Doc none() {
        return new Doc(204, null, null, null, false, false);
    }

    private static void doc(String key, Doc d) {
        DOCS.put(key, d);
    }

    static Map<String, Object> ref(String name) {
        return Map.of("$ref", "#/components/schemas/" + name);
    }

    private static Map<String, Object> array(Object items) {
        return Map.of("type", "array", "items", items);
    }

    private static Map<String, Object> object(Object... nameAndSchema) {
        Map<String, Object> props = new LinkedHashMap<>();
        for (int i = 0; i < nameAndSchema.length; i += 2) {
            props.put((String) nameAndSchema[i], nameAndSchema[i + 1]);
        }
        return Map.of("type", "object", "properties", props);
    }

    private static Map<String, Object> str() {
        return Map.of("type", "string");
    }

    static {
        SCHEMAS.put("Error", object("error", str()));
        SCHEMAS.put("Me", JsonSchemas.of(Me.class));
        SCHEMAS.put("Session", JsonSchemas.of(Me.class));
        SCHEMAS.put("Token", JsonSchemas.of(TokenView.class));
        SCHEMAS.put("NewToken", JsonSchemas.of(NewTokenView.class));
        SCHEMAS.put("User", JsonSchemas.of(UserView.class));
        SCHEMAS.put("AuditEntry", JsonSchemas.of(AuditEntry.class));
        SCHEMAS.put("Camera", JsonSchemas.of(CameraView.class));
        SCHEMAS.put("CameraHealth", JsonSchemas.of(CameraHealthView.class));
        SCHEMAS.put("Retention", JsonSchemas.of(RetentionView.class));
        SCHEMAS.put("ProbeResult", JsonSchemas.of(ProbeView.class));
        SCHEMAS.put("Event", JsonSchemas.of(EventRecord.class));
        SCHEMAS.put("EventPage", JsonSchemas.of(EventPage.class));
        SCHEMAS.put("Hold", JsonSchemas.of(HoldView.class));
        SCHEMAS.put("Bookmark", JsonSchemas.of(BookmarkView.class));
        SCHEMAS.put("ExportJob", JsonSchemas.of(ExportJobView.class));
        SCHEMAS.put("Manifest", Map.of("type", "object", "description", "What an export holds: camera, range, files, SHA-256 of the MP4"));
        SCHEMAS.put("SampleTable", Map.of("type", "object", "description", "For the nodes of a cluster: the samples of this node's footage "
                + "of a range (sizes, durations, keyframes, sample entries) and the files their bytes are in; an export across nodes is planned from them"));
        SCHEMAS.put("Span", JsonSchemas.of(SpanView.class));
        SCHEMAS.put("SegmentFile", JsonSchemas.of(SegmentFileView.class));
        SCHEMAS.put("Health", JsonSchemas.of(SystemHealthView.class));
        SCHEMAS.put("Cluster", JsonSchemas.of(io.nightjar.api.service.ClusterView.class));
        SCHEMAS.put("CameraHistory", JsonSchemas.of(io.nightjar.api.service.ClusterView.CameraHistory.class));
        SCHEMAS.put("Status", object("status", str()));

        doc("GET /healthz", json(200, ref("Status")));
        doc("GET /api/v1/health", json(200, ref("Health")));
        doc("GET /api/v1/cluster", json(200, ref("Cluster")));
        doc("GET /api/v1/cluster/cameras/{id}", json(200, ref("CameraHistory")));
        doc("GET /metrics", new Doc(200, "text/plain", str(), null, false, false));
        doc("GET /api/v1/openapi.json", json(200, Map.of("type", "object")));

        doc("POST /api/v1/auth/login", json(200, ref("Session")).withBody(AuthRoutes.Login.class));
        doc("POST /api/v1/auth/logout", none());
        doc("GET /api/v1/auth/me", json(200, ref("Me")));
        doc("GET /api/v1/auth/tokens", json(200, array(ref("Token"))));
        doc("POST /api/v1/auth/tokens", json(201, ref("NewToken")).withBody(AuthRoutes.NewToken.class));
        doc("DELETE /api/v1/auth/tokens/{tokenId}", none());

        doc("GET /api/v1/users", json(200, array(ref("User"))));
        doc("POST /api/v1/users", json(201, ref("User")).withBody(UserChange.class));
        doc("PUT /api/v1/users/{name}", json(200, ref("User")).withBody(UserChange.class));
        doc("DELETE /api/v1/users/{name}", none());
        doc("GET /api/v1/audit", json(200, array(ref("AuditEntry"))));

        doc("GET /api/v1/cameras", json(200, array(ref("Camera"))));
        doc("POST /api/v1/cameras", json(201, ref("Camera")).withBody(CameraConfig.class));
        doc("GET /api/v1/cameras/{id}", json(200, ref("Camera")));
        doc("PUT /api/v1/cameras/{id}", json(200, ref("Camera")).withBody(CameraConfig.class));
        doc("DELETE /api/v1/cameras/{id}", none());
        doc("GET /api/v1/cameras/{id}/health", json(200, ref("CameraHealth")));
        doc("GET /api/v1/cameras/{id}/retention", json(200, ref("Retention")));
        doc("GET /api/v1/cameras/{id}/snapshot.jpg", media("image/jpeg", "binary"));
        doc("POST /api/v1/probe", json(200, ref("ProbeResult")).withBody(ProbeRequest.class));

        doc("GET /api/v1/cameras/{id}/spans", json(200, array(ref("Span"))));
        doc("GET /api/v1/cameras/{id}/motion", json(200, array(ref("Span"))));
        doc("GET /api/v1/cameras/{id}/playlist.m3u8", media("application/vnd.apple.mpegurl", "binary"));
        doc("GET /api/v1/cameras/{id}/hls/{segment}", media("video/mp4", "binary").withRanges());
        doc("GET /api/v1/cameras/{id}/files", json(200, array(ref("SegmentFile"))));
        doc("GET /api/v1/cameras/{id}/files/{file}", media("video/mp4", "binary").withRanges());
        doc("GET /api/v1/cameras/{id}/live", new Doc(101, null, null, null, false, false));

        doc("GET /api/v1/cameras/{id}/export.mp4", media("video/mp4", "binary").withRanges());
        doc("GET /api/v1/cameras/{id}/export.manifest.json", json(200, ref("Manifest")));
        doc("GET /api/v1/cameras/{id}/export/samples", json(200, ref("SampleTable")));
        doc("POST /api/v1/exports", json(202, ref("ExportJob")).withBody(ExportRoutes.JobBody.class));
        doc("GET /api/v1/exports", json(200, array(ref("ExportJob"))));
        doc("GET /api/v1/exports/{exportId}", json(200, ref("ExportJob")));
        doc("GET /api/v1/exports/{exportId}/file.mp4", media("video/mp4", "binary").withRanges().withConflict());
        doc("GET /api/v1/exports/{exportId}/manifest.json", json(200, ref("Manifest")).withConflict());
        doc("DELETE /api/v1/exports/{exportId}", none());

        doc("GET /api/v1/events", json(200, ref("EventPage")));
        doc("GET /api/v1/events/stream", new Doc(200, "text/event-stream", str(), null, false, false));
        doc("GET /api/v1/events/{eventId}", json(200, ref("Event")));
        doc("GET /api/v1/events/{eventId}/snapshot.jpg", media("image/jpeg", "binary"));

        doc("GET /api/v1/holds", json(200, array(ref("Hold"))));
        doc("POST /api/v1/holds", json(201, ref("Hold")).withBody(EvidenceRoutes.HoldBody.class));
        doc("DELETE /api/v1/holds/{holdId}", none());
        doc("GET /api/v1/bookmarks", json(200, array(ref("Bookmark"))));
        doc("POST /api/v1/bookmarks", json(201, ref("Bookmark")).withBody(EvidenceRoutes.BookmarkBody.class));
        doc("DELETE /api/v1/bookmarks/{bookmarkId}", none());
    }

    /** Every documented key (for the test that routes and docs agree). */
    static List<String> keys() {
        return List.copyOf(DOCS.keySet());
    }
}
