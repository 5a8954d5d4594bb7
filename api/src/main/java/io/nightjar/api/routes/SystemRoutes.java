package io.nightjar.api.routes;

import static io.nightjar.api.routes.Routes.route;

import io.nightjar.analytics.tap.TapStatus;
import io.nightjar.api.auth.Role;
import io.nightjar.api.http.Response;
import io.nightjar.api.http.Router;
import io.nightjar.api.server.CameraRuntime;
import io.nightjar.api.server.NightjarServer;
import io.nightjar.recorder.camera.CameraHealth;
import io.nightjar.recorder.memory.MemoryBudget;
import io.nightjar.recorder.ring.FrameRing;
import io.nightjar.storage.retention.AchievedRetention;
import io.nightjar.storage.retention.Retention;
import io.nightjar.storage.writer.CameraStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Liveness, system health and Prometheus metrics. */
final class SystemRoutes {
    private SystemRoutes() {
    }

    static void register(Router r, NightjarServer s) {
        r.add(route("GET", "/healthz", null, false, "system", "Check liveness (no authentication)", List.of(),
                q -> Response.json(Map.of("status", "ok"))));
        r.add(route("GET", "/api/v1/health", Role.viewer, false, "system", "Get the system health", List.of(),
                q -> Response.json(health(s, q.principal()))));
        r.add(route("GET", "/metrics", Role.metrics, false, "system", "Get Prometheus metrics (the metrics role, or admin)", List.of(),
                q -> Response.bytes(io.nightjar.api.metrics.ServerMetrics.CONTENT_TYPE, s.metrics().scrape())));
    }

    /** The system's health; cameras the caller may not see are left out (and do not count in {@code ok}). */
    static Map<String, Object> health(NightjarServer s, io.nightjar.api.auth.Principal who) {
        Map<String, Object> m = new LinkedHashMap<>();
        long free = Retention.usableSpace(s.storage().layout().root());
        m.put("uptimeSeconds", (System.currentTimeMillis() - s.startedMillis()) / 1000);
        Map<String, Object> storage = new LinkedHashMap<>();
        storage.put("root", s.storage().layout().root().toString());
        storage.put("freeBytes", free);
        m.put("storage", storage);
        FrameRing ring = s.ring();
        Map<String, Object> ringM = new LinkedHashMap<>();
        ringM.put("capacity", ring.capacity());
        ringM.put("occupancy", ring.occupancy());
        ringM.put("rejectedFull", ring.rejectedFull());
        List<Map<String, Object>> consumers = new ArrayList<>();
        for (FrameRing.ConsumerStatus c : ring.consumers()) {
            consumers.add(Map.of("name", c.name(), "delivery", c.delivery().name().toLowerCase(Locale.ROOT), "lag", c.lag(),
                    "errors", c.errors()));
        }
        ringM.put("consumers", consumers);
        m.put("ring", ringM);
        m.put("writerLatencyMaxSeconds", s.writerLatency().maxSeconds());
        MemoryBudget.Snapshot mem = s.memory().snapshot();
        m.put("memory", memoryHealth(mem));
        List<Map<String, Object>> cams = new ArrayList<>();
        boolean allOk = true;
        for (CameraRuntime c : s.cameras().all()) {
            if (who != null && !who.mayAccess(c.config().id)) {
                continue;
            }
            Map<String, Object> cm = new LinkedHashMap<>();
            String rec = CameraRoutes.recordingState(s, c);
            cm.put("id", c.config().id);
            cm.put("state", c.main().state().name().toLowerCase(Locale.ROOT));
            cm.put("recording", rec);
            CameraHealth.Shedding shed = c.main().health().shedding();
            cm.put("priority", shed.priority().name().toLowerCase(Locale.ROOT));
            cm.put("shedding", shed.active());
            cm.put("framesShed", shed.framesDropped());
            boolean ok = !shed.active() && (rec.equals("recording") || rec.equals("waiting for motion") || rec.equals("off"));
            cm.put("ok", ok);
            allOk &= ok;
            cams.add(cm);
        }
        m.put("cameras", cams);
        m.put("ok", allOk && free > 0);
        return m;
    }

    /** The budget in figures and, when cameras shed, a sentence saying so and why. */
    static Map<String, Object> memoryHealth(MemoryBudget.Snapshot mem) {
        Map<String, Object> mm = new LinkedHashMap<>();
        mm.put("state", mem.state().name().toLowerCase(Locale.ROOT));
        mm.put("budgetBytes", mem.limit());
        mm.put("usedBytes", mem.used());
        mm.put("highWaterBytes", mem.highWater());
        mm.put("maxDirectMemoryBytes", mem.maxDirectMemory());
        mm.put("sheddingStreams", mem.sheddingStreams());
        Map<String, Long> uses = new LinkedHashMap<>();
        mem.byUse().forEach((u, v) -> uses.put(u.name().toLowerCase(Locale.ROOT), v));
        mm.put("usedBytesByUse", uses);
        if (mem.sheddingStreams() > 0) {
            mm.put("message", String.format(Locale.ROOT,
                    "overloaded: %d camera stream(s) shedding whole GOPs at ingress, lower priorities first, because footage in memory "
                            + "(%d MB) reached the budget (%d MB); the writer or the disk is not keeping up", mem.sheddingStreams(),
                    mem.used() >> 20, mem.limit() >> 20));
        }
        return mm;
    }
}
