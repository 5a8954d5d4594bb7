package io.nightjar.api.routes;

import static io.nightjar.api.routes.Routes.DAY;
import static io.nightjar.api.routes.Routes.caller;
import static io.nightjar.api.routes.Routes.camera;
import static io.nightjar.api.routes.Routes.media;
import static io.nightjar.api.routes.Routes.range;
import static io.nightjar.api.routes.Routes.route;

import io.nightjar.api.auth.Role;
import io.nightjar.api.http.ApiException;
import io.nightjar.api.http.ApiRequest;
import io.nightjar.api.http.Response;
import io.nightjar.api.http.Router;
import io.nightjar.api.service.Cameras;
import io.nightjar.api.service.ExportJobs;
import io.nightjar.api.service.Recordings;
import java.util.List;

/**
 * Exact MP4 exports: served directly from the plan ({@link Recordings}: head in memory, media as
 * zero-copy file regions, HTTP Range supported; up to a day), or as a background job
 * ({@link ExportJobs}: progress and a download link, up to 31 days), each with its JSON manifest
 * (SHA-256 of the export).
 */
final class ExportRoutes {
    static final long SYNC_MAX = DAY;

    private ExportRoutes() {
    }

    /** Export job request. */
    record JobBody(String camera, String from, String to) {
    }

    static void register(Router r, Cameras cameras, Recordings recordings, ExportJobs jobs) {
        r.add(route("GET", "/api/v1/cameras/{id}/export.mp4", Role.operator, true, "exports",
                "Export a range as one MP4 (HTTP Range supported)", List.of("from", "to"), q -> {
                    String id = camera(cameras, q);
                    long[] t = range(q, SYNC_MAX);
                    boolean continuation = q.header("Range") != null && !q.header("Range").startsWith("bytes=0-");
                    return media("video/mp4", recordings.export(caller(q), id, t[0], t[1], continuation));
                }));
        r.add(route("GET", "/api/v1/cameras/{id}/export.manifest.json", Role.operator, true, "exports",
                "Get the manifest (with SHA-256) of the export of a range", List.of("from", "to"), q -> {
                    String id = camera(cameras, q);
                    long[] t = range(q, SYNC_MAX);
                    return Response.bytes("application/json", recordings.exportManifest(caller(q), id, t[0], t[1]));
                }));
        r.add(route("GET", "/api/v1/cameras/{id}/export/samples", Role.operator, true, "exports",
                "Get the samples of this node's own footage of a range and the files they are in (what the nodes of a cluster "
                        + "plan an export across nodes from)", List.of("from", "to"), q -> {
                    String id = camera(cameras, q);
                    long[] t = range(q, SYNC_MAX);
                    return Response.json(recordings.exportSamples(caller(q), id, t[0], t[1]));
                }));
        r.add(route("POST", "/api/v1/exports", Role.operator, false, "exports", "Start an export job", List.of(), q -> {
            JobBody b = q.body(JobBody.class);
            if (b.camera() == null || b.from() == null || b.to() == null) {
                throw ApiException.badRequest("'camera', 'from' and 'to' are required");
            }
            return Response.json(202, jobs.submit(caller(q), b.camera(), ApiRequest.parseTime("from", b.from()),
                    ApiRequest.parseTime("to", b.to())));
        }));
        r.add(route("GET", "/api/v1/exports", Role.operator, false, "exports", "List export jobs", List.of(),
                q -> Response.json(jobs.list(caller(q)))));
        r.add(route("GET", "/api/v1/exports/{exportId}", Role.operator, false, "exports", "Get an export job's progress", List.of(),
                q -> Response.json(jobs.get(caller(q), q.path("exportId")))));
        r.add(route("GET", "/api/v1/exports/{exportId}/file.mp4", Role.operator, false, "exports", "Download a finished export",
                List.of(), q -> media("video/mp4", jobs.download(caller(q), q.path("exportId")))));
        r.add(route("GET", "/api/v1/exports/{exportId}/manifest.json", Role.operator, false, "exports", "Download an export's manifest",
                List.of(), q -> Response.bytes("application/json", jobs.manifest(caller(q), q.path("exportId")))));
        r.add(route("DELETE", "/api/v1/exports/{exportId}", Role.operator, false, "exports", "Delete an export", List.of(), q -> {
            jobs.delete(caller(q), q.path("exportId"));
            return Response.noContent();
        }));
    }
}
