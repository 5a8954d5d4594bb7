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
                q -> Response.json(health(s))));
        r.add(route("GET", "/metrics", Role.viewer, false, "system", "Get Prometheus metrics", List.of(),
                q -> Response.bytes("text/plain; version=0.0.4; charset=utf-8", metrics(s).getBytes(StandardCharsets.UTF_8))));
    }

    static Map<String, Object> health(NightjarServer s) {
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
        m.put("writerLatencyMaxSeconds", s.writerLatency().takeMaxSeconds());
        MemoryBudget.Snapshot mem = s.memory().snapshot();
        m.put("memory", memoryHealth(mem));
        List<Map<String, Object>> cams = new ArrayList<>();
        boolean allOk = true;
        for (CameraRuntime c : s.cameras().all()) {
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

    static String metrics(NightjarServer s) {
        StringBuilder sb = new StringBuilder(4096);
        help(sb, "nightjar_camera_fps", "gauge", "Frames per second received from the camera");
        List<CameraRuntime> cams = new ArrayList<>(s.cameras().all());
        for (CameraRuntime c : cams) {
            CameraHealth h = c.main().health();
            sample(sb, "nightjar_camera_fps", c.config().id, h.fps());
        }
        help(sb, "nightjar_camera_bitrate_bits", "gauge", "Bits per second received from the camera");
        for (CameraRuntime c : cams) {
            sample(sb, "nightjar_camera_bitrate_bits", c.config().id, c.main().health().bitrate());
        }
        help(sb, "nightjar_camera_packets_lost_total", "counter", "RTP packets lost (sequence gaps)");
        for (CameraRuntime c : cams) {
            sample(sb, "nightjar_camera_packets_lost_total", c.config().id, c.main().health().packetsLost());
        }
        help(sb, "nightjar_camera_reconnects_total", "counter", "Camera sessions restarted");
        for (CameraRuntime c : cams) {
            sample(sb, "nightjar_camera_reconnects_total", c.config().id, c.main().health().reconnects());
        }
        help(sb, "nightjar_camera_streaming", "gauge", "1 when the camera is streaming");
        for (CameraRuntime c : cams) {
            sample(sb, "nightjar_camera_streaming", c.config().id,
                    c.main().state() == io.nightjar.recorder.camera.CameraSupervisor.State.STREAMING ? 1 : 0);
        }
        help(sb, "nightjar_frames_written_total", "counter", "Access units written to segment files");
        for (CameraStatus w : s.storage().writer().status()) {
            sample(sb, "nightjar_frames_written_total", w.camera(), w.framesWritten());
        }
        help(sb, "nightjar_writer_frames_dropped_total", "counter", "Access units the segment writer did not record, by reason");
        for (CameraStatus w : s.storage().writer().status()) {
            w.droppedByReason().forEach((why, n) -> sb.append("nightjar_writer_frames_dropped_total{camera=\"").append(w.camera())
                    .append("\",reason=\"").append(why.key()).append("\"} ").append(n).append('\n'));
        }
        help(sb, "nightjar_writer_write_errors_total", "counter", "Segment writes the disk refused");
        for (CameraStatus w : s.storage().writer().status()) {
            sample(sb, "nightjar_writer_write_errors_total", w.camera(), w.writeErrors());
        }
        help(sb, "nightjar_bytes_written_total", "counter", "Fragment bytes written since start");
        for (CameraStatus w : s.storage().writer().status()) {
            sample(sb, "nightjar_bytes_written_total", w.camera(), w.bytesWritten());
        }
        help(sb, "nightjar_bytes_on_disk", "gauge", "Bytes of footage kept per camera");
        for (AchievedRetention a : s.achievedRetention()) {
            sample(sb, "nightjar_bytes_on_disk", a.camera(), a.bytes());
        }
        help(sb, "nightjar_analytics_dropped_total", "counter", "Frames the analytics tap skipped (lossy by design)");
        for (TapStatus t : s.tap().status()) {
            sample(sb, "nightjar_analytics_dropped_total", t.camera(), t.dropped());
        }
        help(sb, "nightjar_ring_occupancy", "gauge", "Frames in the ring not yet released by every consumer");
        sb.append("nightjar_ring_occupancy ").append(s.ring().occupancy()).append('\n');
        help(sb, "nightjar_ring_capacity", "gauge", "Ring slots");
        sb.append("nightjar_ring_capacity ").append(s.ring().capacity()).append('\n');
        help(sb, "nightjar_ring_rejected_total", "counter", "Publications refused because the ring was full");
        sb.append("nightjar_ring_rejected_total ").append(s.ring().rejectedFull()).append('\n');
        help(sb, "nightjar_writer_latency_seconds", "summary", "Frame arrival to index commit");
        sb.append("nightjar_writer_latency_seconds_count ").append(s.writerLatency().count()).append('\n');
        sb.append("nightjar_writer_latency_seconds_sum ").append(fmt(s.writerLatency().sumSeconds())).append('\n');
        help(sb, "nightjar_live_viewers", "gauge", "Live viewers (RTSP and browser)");
        sb.append("nightjar_live_viewers ").append(s.fanout().viewers()).append('\n');
        help(sb, "nightjar_camera_frames_shed_total", "counter", "Access units dropped at ingress for overload (memory budget, full ring)");
        for (CameraRuntime c : cams) {
            sample(sb, "nightjar_camera_frames_shed_total", c.config().id, c.main().health().shedding().framesDropped());
        }
        help(sb, "nightjar_camera_shedding", "gauge", "1 while the camera's frames are refused for memory");
        for (CameraRuntime c : cams) {
            sample(sb, "nightjar_camera_shedding", c.config().id, c.main().health().shedding().active() ? 1 : 0);
        }
        MemoryBudget.Snapshot mem = s.memory().snapshot();
        help(sb, "nightjar_memory_budget_bytes", "gauge", "The footage memory budget");
        sb.append("nightjar_memory_budget_bytes ").append(mem.limit()).append('\n');
        help(sb, "nightjar_memory_used_bytes", "gauge", "Footage bytes held in memory, by use");
        mem.byUse().forEach((u, v) -> sb.append("nightjar_memory_used_bytes{use=\"").append(u.name().toLowerCase(Locale.ROOT))
                .append("\"} ").append(v).append('\n'));
        help(sb, "nightjar_memory_high_water_bytes", "gauge", "The most footage bytes ever held at once");
        sb.append("nightjar_memory_high_water_bytes ").append(mem.highWater()).append('\n');
        help(sb, "nightjar_memory_refusals_total", "counter", "Requests the footage budget refused, by use");
        mem.refusals().forEach((u, v) -> sb.append("nightjar_memory_refusals_total{use=\"").append(u.name().toLowerCase(Locale.ROOT))
                .append("\"} ").append(v).append('\n'));
        help(sb, "nightjar_memory_shedding_streams", "gauge", "Camera streams shedding frames now");
        sb.append("nightjar_memory_shedding_streams ").append(mem.sheddingStreams()).append('\n');
        help(sb, "nightjar_storage_free_bytes", "gauge", "Free bytes on the storage file system");
        sb.append("nightjar_storage_free_bytes ").append(Retention.usableSpace(s.storage().layout().root())).append('\n');
        return sb.toString();
    }

    private static void help(StringBuilder sb, String name, String type, String help) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder sb, String name, String camera, double v) {
        sb.append(name).append("{camera=\"").append(camera).append("\"} ").append(fmt(v)).append('\n');
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.6g", v);
    }
}
