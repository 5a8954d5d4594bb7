package io.nightjar.api.server;

import io.nightjar.recorder.camera.CameraHealth;
import io.nightjar.recorder.camera.CameraSupervisor;
import io.nightjar.recorder.memory.MemoryBudget;
import io.nightjar.storage.retention.AchievedRetention;
import io.nightjar.storage.retention.Retention;
import io.nightjar.storage.writer.CameraStatus;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.SummaryWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The metrics registry of one server. Names follow the Prometheus conventions that
 * {@code promtool check metrics} enforces: base units in the name ({@code _bytes},
 * {@code _seconds}), counters ending in {@code _total}, one {@code camera} label per camera.
 */
final class ServerMetrics {
    /** What the metrics are read from, at every scrape. */
    record Sources(CameraDirectory cameras, io.nightjar.storage.Storage storage,
                   java.util.function.Supplier<List<AchievedRetention>> achieved, LatencyWindow writerLatency,
                   io.nightjar.recorder.ring.FrameRing ring, io.nightjar.analytics.tap.AnalyticsTap tap, io.nightjar.api.live.LiveFanout fanout,
                   io.nightjar.recorder.memory.MemoryBudget memory, java.util.Map<String, io.nightjar.api.net.ConnectionLimiter> connectionLimits) {
    }

    /** The content type of {@link #scrape()}. */
    static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    ServerMetrics(Sources s) {
        cameraMetrics(s);
        writerMetrics(s);
        engineMetrics(s);
        JvmMetrics.builder().register(registry); // jvm_* and process_* (CPU, resident memory, open files)
    }

    /** The text exposition format (version 0.0.4) of every metric now. */
    byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 << 10);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private void cameraMetrics(Sources s) {
        perCamera("nightjar_camera_fps", "Frames per second received from the camera", s, h -> h.fps(), false);
        perCamera("nightjar_camera_receive_rate_bytes_per_second", "Bytes per second of video received from the camera", s,
                h -> h.bitrate() / 8.0, false);
        perCamera("nightjar_camera_packets_lost_total", "RTP packets lost (sequence gaps)", s, h -> h.packetsLost(), true);
        perCamera("nightjar_camera_reconnects_total", "Camera sessions restarted", s, h -> h.reconnects(), true);
        perCamera("nightjar_camera_clock_jumps_total", "Camera timestamp jumps (each starts a new run and file)", s,
                h -> h.clock().jumps(), true);
        perCamera("nightjar_camera_clock_reanchors_total", "Re-anchorings of a camera clock that fell behind real time (nothing dropped)",
                s, h -> h.clock().reanchors(), true);
        perCamera("nightjar_camera_frames_shed_total", "Access units dropped at ingress for overload (memory budget, full ring)", s,
                h -> h.shedding().framesDropped(), true);
        perCamera("nightjar_camera_shedding", "1 while the camera's frames are refused for memory", s,
                h -> h.shedding().active() ? 1 : 0, false);
        GaugeWithCallback.builder().name("nightjar_camera_streaming").help("1 when the camera is streaming").labelNames("camera")
                .callback(cb -> {
                    for (CameraRuntime c : s.cameras().all()) {
                        cb.call(c.main().state() == CameraSupervisor.State.STREAMING ? 1 : 0, c.config().id);
                    }
                }).register(registry);
    }

    private void writerMetrics(Sources s) {
        perWriter("nightjar_writer_frames_written_total", "Access units written to segment files", s, CameraStatus::framesWritten);
        perWriter("nightjar_writer_fragments_written_total", "Fragments written and indexed", s, CameraStatus::fragmentsWritten);
        perWriter("nightjar_writer_files_written_total", "Segment files started", s, CameraStatus::filesWritten);
        perWriter("nightjar_writer_written_bytes_total", "Fragment bytes written since start", s, CameraStatus::bytesWritten);
        perWriter("nightjar_writer_write_errors_total", "Segment writes the disk refused", s, CameraStatus::writeErrors);
        CounterWithCallback.builder().name("nightjar_writer_frames_dropped_total")
                .help("Access units the segment writer did not record, by reason").labelNames("camera", "reason")
                .callback(cb -> {
                    for (CameraStatus w : s.storage().writer().status()) {
                        w.droppedByReason().forEach((why, n) -> cb.call(n, w.camera(), why.key()));
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("nightjar_storage_footage_bytes").help("Bytes of footage kept per camera").unit(Unit.BYTES)
                .labelNames("camera").callback(cb -> {
                    for (AchievedRetention a : s.achieved().get()) {
                        cb.call(a.bytes(), a.camera());
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("nightjar_storage_free_bytes").help("Free bytes on the storage file system").unit(Unit.BYTES)
                .callback(cb -> cb.call(Retention.usableSpace(s.storage().layout().root()))).register(registry);
        SummaryWithCallback.builder().name("nightjar_writer_latency_seconds").help("Frame arrival to index commit").unit(Unit.SECONDS)
                .callback(cb -> cb.call(s.writerLatency().count(), s.writerLatency().sumSeconds(), Quantiles.EMPTY))
                .register(registry);
    }

    private void engineMetrics(Sources s) {
        GaugeWithCallback.builder().name("nightjar_ring_occupancy").help("Frames in the ring not yet released by every consumer")
                .callback(cb -> cb.call(s.ring().occupancy())).register(registry);
        GaugeWithCallback.builder().name("nightjar_ring_capacity").help("Ring slots").callback(cb -> cb.call(s.ring().capacity()))
                .register(registry);
        CounterWithCallback.builder().name("nightjar_ring_rejected_total").help("Publications refused because the ring was full")
                .callback(cb -> cb.call(s.ring().rejectedFull())).register(registry);
        CounterWithCallback.builder().name("nightjar_analytics_dropped_total").help("Frames the analytics tap skipped (lossy by design)")
                .labelNames("camera").callback(cb -> s.tap().status().forEach(t -> cb.call(t.dropped(), t.camera()))).register(registry);
        GaugeWithCallback.builder().name("nightjar_live_viewers").help("Live viewers (RTSP and browser)")
                .callback(cb -> cb.call(s.fanout().viewers())).register(registry);
        GaugeWithCallback.builder().name("nightjar_memory_budget_bytes").help("The footage memory budget").unit(Unit.BYTES)
                .callback(cb -> cb.call(s.memory().snapshot().limit())).register(registry);
        GaugeWithCallback.builder().name("nightjar_memory_used_bytes").help("Footage bytes held in memory, by use").unit(Unit.BYTES)
                .labelNames("use").callback(cb -> s.memory().snapshot().byUse().forEach((u, v) -> cb.call(v, key(u))))
                .register(registry);
        GaugeWithCallback.builder().name("nightjar_memory_high_water_bytes").help("The most footage bytes ever held at once")
                .unit(Unit.BYTES).callback(cb -> cb.call(s.memory().snapshot().highWater())).register(registry);
        CounterWithCallback.builder().name("nightjar_memory_refusals_total").help("Requests the footage budget refused, by use")
                .labelNames("use").callback(cb -> s.memory().snapshot().refusals().forEach((u, v) -> cb.call(v, key(u))))
                .register(registry);
        GaugeWithCallback.builder().name("nightjar_connections_open").help("Open connections, by listener").labelNames("listener")
                .callback(cb -> s.connectionLimits().forEach((l, c) -> cb.call(c.open(), l))).register(registry);
        CounterWithCallback.builder().name("nightjar_connections_refused_total").help("Connections closed at once for a connection limit, by listener")
                .labelNames("listener").callback(cb -> s.connectionLimits().forEach((l, c) -> cb.call(c.refused(), l))).register(registry);
        GaugeWithCallback.builder().name("nightjar_memory_shedding_streams").help("Camera streams shedding frames now")
                .callback(cb -> cb.call(s.memory().snapshot().sheddingStreams())).register(registry);
    }

    private static String key(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private void perCamera(String name, String help, Sources s, ToDoubleFunction<CameraHealth> value, boolean counter) {
        if (counter) {
            CounterWithCallback.builder().name(name).help(help).labelNames("camera").callback(cb -> {
                for (CameraRuntime c : cameras(s)) {
                    cb.call(value.applyAsDouble(c.main().health()), c.config().id);
                }
            }).register(registry);
        } else {
            GaugeWithCallback.builder().name(name).help(help).labelNames("camera").callback(cb -> {
                for (CameraRuntime c : cameras(s)) {
                    cb.call(value.applyAsDouble(c.main().health()), c.config().id);
                }
            }).register(registry);
        }
    }

    private void perWriter(String name, String help, Sources s, ToDoubleFunction<CameraStatus> value) {
        CounterWithCallback.builder().name(name).help(help).labelNames("camera").callback(cb -> {
            for (CameraStatus w : s.storage().writer().status()) {
                cb.call(value.applyAsDouble(w), w.camera());
            }
        }).register(registry);
    }

    private static Collection<CameraRuntime> cameras(Sources s) {
        return List.copyOf(s.cameras().all());
    }
}
