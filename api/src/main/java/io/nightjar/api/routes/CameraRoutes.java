package io.nightjar.api.routes;

import static io.nightjar.api.routes.Routes.camera;
import static io.nightjar.api.routes.Routes.route;

import io.netty.channel.EventLoopGroup;
import io.nightjar.analytics.tap.TapStatus;
import io.nightjar.api.auth.Role;
import io.nightjar.api.config.CameraConfig;
import io.nightjar.api.config.ConfigException;
import io.nightjar.api.http.ApiException;
import io.nightjar.api.http.ApiRequest;
import io.nightjar.api.http.Response;
import io.nightjar.api.http.Router;
import io.nightjar.api.server.CameraRuntime;
import io.nightjar.api.server.NightjarServer;
import io.nightjar.api.server.Snapshots;
import io.nightjar.recorder.auth.Credentials;
import io.nightjar.recorder.camera.CameraHealth;
import io.nightjar.recorder.camera.CameraSupervisor;
import io.nightjar.recorder.probe.Probe;
import io.nightjar.recorder.probe.ProbeReport;
import io.nightjar.recorder.ring.StreamRef;
import io.nightjar.recorder.rtsp.RtspClientOptions;
import io.nightjar.recorder.rtsp.RtspUrl;
import io.nightjar.storage.retention.AchievedRetention;
import io.nightjar.storage.writer.CameraStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Cameras: configuration, health, probe, snapshots, retention achieved. */
final class CameraRoutes {
    private CameraRoutes() {
    }

    /** Probe request body. */
    record ProbeBody(String url, String user, String password, String transport) {
    }

    static void register(Router r, NightjarServer s) {
        r.add(route("GET", "/api/v1/cameras", Role.viewer, false, "cameras", "List cameras", List.of(), q -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (CameraRuntime c : s.cameras().all()) {
                if (q.principal().mayAccess(c.config().id)) {
                    out.add(view(s, c));
                }
            }
            out.sort((a, b) -> ((String) a.get("id")).compareTo((String) b.get("id")));
            return Response.json(out);
        }));
        r.add(route("POST", "/api/v1/cameras", Role.admin, false, "cameras", "Add a camera (recording starts at once)", List.of(), q -> {
            CameraConfig c = q.body(CameraConfig.class);
            CameraRuntime rt = configChange(() -> s.cameras().create(c));
            s.audit().record(q.user(), q.remote(), "camera.create", c.id, null, null, c.toString());
            return Response.json(201, view(s, rt));
        }));
        r.add(route("GET", "/api/v1/cameras/{id}", Role.viewer, true, "cameras", "Get a camera", List.of(), q -> Response.json(view(s, runtime(s, q)))));
        r.add(route("PUT", "/api/v1/cameras/{id}", Role.admin, true, "cameras", "Change a camera (takes effect at once)", List.of(), q -> {
            CameraConfig c = q.body(CameraConfig.class, VIEW_ONLY); // what a GET returned can be sent back
            CameraRuntime rt = configChange(() -> s.cameras().update(q.path("id"), c));
            s.audit().record(q.user(), q.remote(), "camera.update", q.path("id"), null, null, c.toString());
            return Response.json(view(s, rt));
        }));
        r.add(route("DELETE", "/api/v1/cameras/{id}", Role.admin, true, "cameras", "Remove a camera (its recordings are kept)", List.of(), q -> {
            s.cameras().delete(q.path("id"));
            s.audit().record(q.user(), q.remote(), "camera.delete", q.path("id"), null, null, null);
            return Response.noContent();
        }));
        r.add(route("GET", "/api/v1/cameras/{id}/health", Role.viewer, true, "cameras", "Get a camera's health", List.of(),
                q -> Response.json(health(s, runtime(s, q)))));
        r.add(route("GET", "/api/v1/cameras/{id}/retention", Role.viewer, true, "cameras", "Get the retention achieved", List.of(),
                q -> Response.json(retention(s.storage().retention().achieved(camera(s, q))))));
        r.add(route("GET", "/api/v1/cameras/{id}/snapshot.jpg", Role.viewer, true, "cameras",
                "Get a JPEG of the live picture, or of a recorded instant", List.of("time", "width"), q -> {
                    String id = camera(s, q);
                    Long at = q.optionalTimeQuery("time");
                    int width = q.intQuery("width", 1280, 64, 3840);
                    byte[] jpeg;
                    if (at == null) {
                        StreamRef stream = StreamRef.main(id);
                        jpeg = Snapshots.live(s.fanout(), stream, width, 6000);
                    } else {
                        jpeg = Snapshots.at(s.storage(), id, at, width);
                    }
                    if (jpeg == null) {
                        throw ApiException.notFound(at == null ? "camera " + id + " is not streaming" : "nothing recorded at that time");
                    }
                    s.audit().record(q.user(), q.remote(), "snapshot", id, at, null, at == null ? "live" : null);
                    return Response.bytes("image/jpeg", jpeg);
                }));
        r.add(route("POST", "/api/v1/probe", Role.admin, false, "cameras", "Test a camera connection (RTSP probe)", List.of(), q -> {
            ProbeBody b = q.body(ProbeBody.class);
            if (b.url() == null) {
                throw ApiException.badRequest("'url' is required");
            }
            RtspUrl url = RtspUrl.parse(b.url());
            Credentials cred = b.user() == null ? null : new Credentials(b.user(), b.password() == null ? "" : b.password());
            RtspClientOptions o = RtspClientOptions.defaults().withTransport(
                    "udp".equals(b.transport()) ? RtspClientOptions.Transport.UDP : RtspClientOptions.Transport.TCP);
            EventLoopGroup g = s.workers();
            ProbeReport rep = Probe.run(g, url, cred, o, 3);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ok", rep.ok());
            m.put("report", rep.format());
            m.put("details", rep);
            return Response.json(m);
        }));
    }

    private interface Change {
        CameraRuntime run() throws ConfigException;
    }

    private static CameraRuntime configChange(Change c) {
        try {
            return c.run();
        } catch (ConfigException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    static CameraRuntime runtime(NightjarServer s, ApiRequest q) {
        CameraRuntime c = s.cameras().get(q.path("id"));
        if (c == null) {
            throw ApiException.notFound("no camera '" + q.path("id") + "'");
        }
        return c;
    }

    /** Fields of {@link #view} that describe the camera's state, not its settings (ignored in a PUT). */
    static final java.util.Set<String> VIEW_ONLY = java.util.Set.of("hasPassword", "source", "state", "recording", "lastError",
            "codec", "width", "height");

    static Map<String, Object> view(NightjarServer s, CameraRuntime c) {
        Map<String, Object> m = new LinkedHashMap<>();
        CameraConfig cc = c.config();
        m.put("id", cc.id);
        m.put("name", cc.name == null ? cc.id : cc.name);
        m.put("url", RtspUrl.parse(cc.url).toString());
        if (cc.subUrl != null) {
            m.put("subUrl", RtspUrl.parse(cc.subUrl).toString());
        }
        m.put("user", cc.user);
        m.put("hasPassword", cc.hasPassword());
        m.put("transport", cc.transport);
        m.put("record", cc.record.name());
        m.put("prePostSeconds", cc.prePostSeconds);
        m.put("retention", cc.retention);
        m.put("analytics", cc.analytics);
        m.put("timeZone", cc.timeZone);
        m.put("source", c.fromFile() ? "file" : "api");
        m.put("state", c.main().state().name().toLowerCase(Locale.ROOT));
        m.put("recording", recordingState(s, c));
        m.put("lastError", c.main().lastError());
        CameraHealth h = c.main().health();
        m.put("codec", h.codec());
        m.put("width", h.width());
        m.put("height", h.height());
        return m;
    }

    /** "recording", "waiting for motion", "off", "not recording: <why>". */
    static String recordingState(NightjarServer s, CameraRuntime c) {
        CameraConfig.RecordMode mode = c.config().record;
        if (mode == CameraConfig.RecordMode.off) {
            return "off";
        }
        if (c.main().state() != CameraSupervisor.State.STREAMING) {
            String e = c.main().lastError();
            return "not recording: camera " + c.main().state().name().toLowerCase(Locale.ROOT) + (e != null ? " (" + e + ")" : "");
        }
        CameraStatus w = s.storage().writer().status(c.config().id);
        long now = System.currentTimeMillis() * 1000;
        if (mode == CameraConfig.RecordMode.motion && !s.motionRecording(c.config().id, now)) {
            return "waiting for motion";
        }
        if (w == null) {
            return "not recording: no frame written yet";
        }
        if (w.state() == io.nightjar.storage.writer.WriterState.DISK_ERROR) {
            return "not recording: " + w.lastError();
        }
        if (now - w.indexedUntilMicros() > 10_000_000L) {
            return "not recording: nothing indexed for " + (now - w.indexedUntilMicros()) / 1_000_000 + " s";
        }
        return "recording";
    }

    static Map<String, Object> health(NightjarServer s, CameraRuntime c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.config().id);
        m.put("recording", recordingState(s, c));
        m.put("main", stream(c.main().health()));
        if (c.sub() != null) {
            m.put("sub", stream(c.sub().health()));
        }
        CameraStatus w = s.storage().writer().status(c.config().id);
        if (w != null) {
            Map<String, Object> wm = new LinkedHashMap<>();
            wm.put("state", w.state().label());
            wm.put("lastError", w.lastError());
            wm.put("currentFile", w.currentFile());
            wm.put("framesWritten", w.framesWritten());
            wm.put("framesDropped", w.framesDropped());
            Map<String, Long> why = new LinkedHashMap<>();
            w.droppedByReason().forEach((k, v) -> why.put(k.key(), v));
            wm.put("framesDroppedByReason", why);
            wm.put("bytesWritten", w.bytesWritten());
            wm.put("filesWritten", w.filesWritten());
            wm.put("writeErrors", w.writeErrors());
            wm.put("indexedUntil", w.indexedUntilMicros() == 0 ? null : java.time.Instant.ofEpochMilli(w.indexedUntilMicros() / 1000).toString());
            m.put("writer", wm);
        }
        TapStatus t = s.tap().status(c.config().id);
        if (t != null) {
            m.put("analytics", Map.of("analysed", t.analysed(), "dropped", t.dropped(), "decodeErrors", t.decodeErrors(), "queued", t.queued()));
        }
        m.put("retention", retention(s.storage().retention().achieved(c.config().id)));
        m.put("liveViewers", s.fanout().viewers(StreamRef.main(c.config().id)));
        return m;
    }

    private static Map<String, Object> stream(CameraHealth h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", h.state().name().toLowerCase(Locale.ROOT));
        m.put("since", java.time.Instant.ofEpochMilli(h.sinceMillis()).toString());
        m.put("lastError", h.lastError());
        m.put("fps", round(h.fps()));
        m.put("expectedFps", round(h.declaredFps()));
        m.put("bitrate", Math.round(h.bitrate()));
        m.put("gopFrames", h.gopFrames());
        m.put("frames", h.frames());
        m.put("bytes", h.bytes());
        m.put("packetsReceived", h.packetsReceived());
        m.put("packetsLost", h.packetsLost());
        m.put("lossPercent", h.packetsReceived() + h.packetsLost() == 0 ? 0.0
                : round(100.0 * h.packetsLost() / (h.packetsReceived() + h.packetsLost())));
        m.put("packetsReordered", h.packetsReordered());
        m.put("packetsDuplicated", h.packetsDuplicated());
        m.put("depacketizerErrors", h.depacketizerErrors());
        m.put("ringStalls", h.ringStalls());
        m.put("reconnects", h.reconnects());
        m.put("codec", h.codec());
        m.put("codecString", h.codecString());
        m.put("width", h.width());
        m.put("height", h.height());
        m.put("transport", h.transport());
        m.put("auth", h.authScheme());
        m.put("server", h.server());
        m.put("tool", h.tool());
        CameraHealth.Clock clock = h.clock();
        m.put("clock", Map.of("runs", clock.runs(), "jumps", clock.jumps(), "reanchors", clock.reanchors(), "lateFrames", clock.lateFrames()));
        return m;
    }

    static Map<String, Object> retention(AchievedRetention a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("oldest", a.oldestMicros() == 0 ? null : java.time.Instant.ofEpochMilli(a.oldestMicros() / 1000).toString());
        m.put("newest", a.newestMicros() == 0 ? null : java.time.Instant.ofEpochMilli(a.newestMicros() / 1000).toString());
        m.put("keptDays", round(a.keptSeconds() / 86400.0));
        m.put("targetDays", a.targetSeconds() == 0 ? null : round(a.targetSeconds() / 86400.0));
        m.put("recordedHours", round(a.recordedSeconds() / 3600.0));
        m.put("bytes", a.bytes());
        m.put("files", a.files());
        m.put("targetMet", a.targetMet());
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
