package io.nightjar.api.routes;

import static io.nightjar.api.routes.Routes.camera;
import static io.nightjar.api.routes.Routes.checkCamera;
import static io.nightjar.api.routes.Routes.range;
import static io.nightjar.api.routes.Routes.route;

import io.nightjar.api.auth.Role;
import io.nightjar.api.http.ApiException;
import io.nightjar.api.http.ApiRequest;
import io.nightjar.api.http.Part;
import io.nightjar.api.http.Response;
import io.nightjar.api.http.Router;
import io.nightjar.api.server.Exports;
import io.nightjar.api.server.NightjarServer;
import io.nightjar.storage.read.Mp4Exporter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Exact MP4 exports: served directly from the plan (head in memory, media as zero-copy file
 * regions, HTTP Range supported; up to a day), or as a background job with progress and a
 * download link (up to 31 days), each with its JSON manifest (SHA-256 of the export).
 */
final class ExportRoutes {
    static final long SYNC_MAX = RecordingRoutes.DAY;
    static final long JOB_MAX = 31 * RecordingRoutes.DAY;

    private ExportRoutes() {
    }

    /** Export job request. */
    record JobBody(String camera, String from, String to) {
    }

    static void register(Router r, NightjarServer s) {
        r.add(route("GET", "/api/v1/cameras/{id}/export.mp4", Role.operator, true, "exports",
                "Export a range as one MP4 (HTTP Range supported)", List.of("from", "to"), q -> {
                    String id = camera(s, q);
                    long[] t = range(q, SYNC_MAX);
                    Mp4Exporter.Plan plan = s.storage().exporter().plan(id, t[0], t[1]);
                    List<Part> parts = new ArrayList<>();
                    parts.add(Part.bytes(plan.head()));
                    for (Mp4Exporter.Chunk c : plan.chunks()) {
                        parts.add(Part.file(c.file(), c.offset(), c.length()));
                    }
                    if (q.header("Range") == null || q.header("Range").startsWith("bytes=0-")) {
                        s.audit().record(q.user(), q.remote(), "export", id, t[0], t[1], plan.size() + " bytes");
                    }
                    return new Response.Body(200, "video/mp4", parts, Map.of("Content-Disposition",
                            "attachment; filename=\"" + fileName(id, t[0]) + "\""), true);
                }));
        r.add(route("GET", "/api/v1/cameras/{id}/export.manifest.json", Role.operator, true, "exports",
                "Get the manifest (with SHA-256) of the export of a range", List.of("from", "to"), q -> {
                    String id = camera(s, q);
                    long[] t = range(q, SYNC_MAX);
                    Mp4Exporter.Plan plan = s.storage().exporter().plan(id, t[0], t[1]);
                    String manifest = Mp4Exporter.manifest(plan, fileName(id, t[0]), Mp4Exporter.hash(plan));
                    return Response.bytes("application/json", manifest.getBytes(StandardCharsets.UTF_8));
                }));
        r.add(route("POST", "/api/v1/exports", Role.operator, false, "exports", "Start an export job", List.of(), q -> {
            JobBody b = q.body(JobBody.class);
            if (b.camera() == null || b.from() == null || b.to() == null) {
                throw ApiException.badRequest("'camera', 'from' and 'to' are required");
            }
            checkCamera(q, b.camera());
            if (s.storage().index().existingCameraKey(b.camera()) < 0) {
                throw ApiException.notFound("nothing recorded for camera '" + b.camera() + "'");
            }
            long from = ApiRequest.parseTime("from", b.from());
            long to = ApiRequest.parseTime("to", b.to());
            if (to <= from || to - from > JOB_MAX) {
                throw ApiException.badRequest("'to' must be after 'from', at most 31 days later");
            }
            Exports.Job job = s.exports().submit(b.camera(), from, to, q.user());
            s.audit().record(q.user(), q.remote(), "export", b.camera(), from, to, "job " + job.id);
            return Response.json(202, job.describe());
        }));
        r.add(route("GET", "/api/v1/exports", Role.operator, false, "exports", "List export jobs", List.of(), q -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Exports.Job j : s.exports().all()) {
                if (q.principal().mayAccess(j.camera)) {
                    out.add(j.describe());
                }
            }
            return Response.json(out);
        }));
        r.add(route("GET", "/api/v1/exports/{exportId}", Role.operator, false, "exports", "Get an export job's progress", List.of(),
                q -> Response.json(job(s, q).describe())));
        r.add(route("GET", "/api/v1/exports/{exportId}/file.mp4", Role.operator, false, "exports", "Download a finished export",
                List.of(), q -> {
                    Exports.Job j = done(job(s, q));
                    s.audit().record(q.user(), q.remote(), "export-download", j.camera, j.from, j.to, "job " + j.id);
                    return new Response.Body(200, "video/mp4", List.of(Part.file(j.file(), 0, Files.size(j.file()))),
                            Map.of("Content-Disposition", "attachment; filename=\"" + fileName(j.camera, j.from) + "\"", "ETag",
                                    "\"" + j.sha256() + "\"", "Cache-Control", "private, max-age=86400, immutable"), true);
                }));
        r.add(route("GET", "/api/v1/exports/{exportId}/manifest.json", Role.operator, false, "exports", "Download an export's manifest",
                List.of(), q -> Response.bytes("application/json", Files.readAllBytes(done(job(s, q)).manifestFile()))));
        r.add(route("DELETE", "/api/v1/exports/{exportId}", Role.operator, false, "exports", "Delete an export", List.of(), q -> {
            Exports.Job j = job(s, q);
            s.exports().delete(j.id);
            return Response.noContent();
        }));
    }

    private static Exports.Job job(NightjarServer s, ApiRequest q) {
        Exports.Job j = s.exports().get(q.path("exportId"));
        if (j == null || !q.principal().mayAccess(j.camera)) {
            throw ApiException.notFound("no export '" + q.path("exportId") + "'");
        }
        return j;
    }

    private static Exports.Job done(Exports.Job j) {
        if (j.state() != Exports.State.DONE) {
            throw ApiException.conflict("export " + j.id + " is " + j.state().json() + ", not done");
        }
        return j;
    }

    static String fileName(String camera, long from) {
        return camera + "-" + Instant.ofEpochMilli(from / 1000).toString().replace(":", "").replace("-", "") + ".mp4";
    }
}
