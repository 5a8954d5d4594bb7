package io.nightjar.api.server;

import io.nightjar.api.service.Caller;
import io.nightjar.api.service.Recording;
import io.nightjar.api.service.StreamState;
import io.nightjar.api.service.SystemHealthView;
import io.nightjar.api.service.SystemStatus;
import io.nightjar.recorder.camera.CameraHealth;
import io.nightjar.recorder.memory.MemoryBudget;
import io.nightjar.recorder.ring.FrameRing;
import io.nightjar.storage.Storage;
import io.nightjar.storage.retention.Retention;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@link SystemStatus}: health from the ring, the memory budget, the writer and each camera's recording state; metrics. */
final class StatusService implements SystemStatus {
    private final Storage storage;
    private final FrameRing ring;
    private final MemoryBudget memory;
    private final LatencyWindow writerLatency;
    private final CameraDirectory cameras;
    private final CameraService recording;
    private final ServerMetrics metrics;
    private final long startedMillis;
    private final java.util.function.Supplier<io.nightjar.api.cluster.ClusterMembership> cluster;

    /** @param cluster this node's cluster membership, null while it has none (outside a cluster: always) */
    StatusService(Storage storage, FrameRing ring, MemoryBudget memory, LatencyWindow writerLatency, CameraDirectory cameras,
                  CameraService recording, ServerMetrics metrics, long startedMillis,
                  java.util.function.Supplier<io.nightjar.api.cluster.ClusterMembership> cluster) {
        this.cluster = cluster;
        this.storage = storage;
        this.ring = ring;
        this.memory = memory;
        this.writerLatency = writerLatency;
        this.cameras = cameras;
        this.recording = recording;
        this.metrics = metrics;
        this.startedMillis = startedMillis;
    }

    @Override
    public io.nightjar.api.service.ClusterView cluster(Caller caller) {
        io.nightjar.api.cluster.ClusterMembership m = cluster.get();
        if (m == null) {
            throw io.nightjar.api.service.ServiceException.notFound("this node is not part of a cluster (no cluster: section in its nightjar.yml)");
        }
        return m.view(camera -> caller == null || caller.mayAccess(camera));
    }

    @Override
    public io.nightjar.api.service.ClusterView.CameraHistory cameraHistory(Caller caller, String camera) throws Exception {
        io.nightjar.api.cluster.ClusterMembership m = cluster.get();
        if (m == null) {
            throw io.nightjar.api.service.ServiceException.notFound("this node is not part of a cluster (no cluster: section in its nightjar.yml)");
        }
        caller.checkCamera(camera);
        try {
            return m.history(camera);
        } catch (io.nightjar.api.service.ServiceException e) {
            throw e;
        } catch (Exception e) {
            throw io.nightjar.api.service.ServiceException.unavailable("the failover history is in ZooKeeper, which cannot be reached now ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public SystemHealthView health(Caller caller) {
        long free = Retention.usableSpace(storage.layout().root());
        List<SystemHealthView.Consumer> consumers = new ArrayList<>();
        for (FrameRing.ConsumerStatus c : ring.consumers()) {
            consumers.add(new SystemHealthView.Consumer(c.name(), c.delivery().name().toLowerCase(Locale.ROOT), c.lag(), c.errors()));
        }
        List<SystemHealthView.CameraSummary> cams = new ArrayList<>();
        boolean allOk = true;
        for (CameraRuntime c : cameras.all()) {
            if (caller != null && !caller.mayAccess(c.config().id)) {
                continue;
            }
            Recording rec = recording.recording(c);
            CameraHealth.Shedding shed = c.main().health().shedding();
            boolean ok = !shed.active() && rec.state().ok();
            allOk &= ok;
            cams.add(new SystemHealthView.CameraSummary(c.config().id, StreamState.of(c.main().state()), rec.text(), rec.state(),
                    shed.priority().name().toLowerCase(Locale.ROOT), shed.active(), shed.framesDropped(), ok));
        }
        return new SystemHealthView((System.currentTimeMillis() - startedMillis) / 1000,
                new SystemHealthView.StorageHealth(storage.layout().root().toString(), free),
                new SystemHealthView.RingHealth(ring.capacity(), ring.occupancy(), ring.rejectedFull(), consumers), writerLatency.maxSeconds(),
                memoryHealth(memory.snapshot()), cams, allOk && free > 0);
    }

    @Override
    public byte[] metrics() {
        return metrics.scrape();
    }

    /** The budget in figures and, when cameras shed, a sentence saying so and why. */
    static SystemHealthView.MemoryHealth memoryHealth(MemoryBudget.Snapshot mem) {
        Map<String, Long> uses = new LinkedHashMap<>();
        mem.byUse().forEach((u, v) -> uses.put(u.name().toLowerCase(Locale.ROOT), v));
        String message = mem.sheddingStreams() == 0 ? null : String.format(Locale.ROOT,
                "overloaded: %d camera stream(s) shedding whole GOPs at ingress, lower priorities first, because footage in memory "
                        + "(%d MB) reached the budget (%d MB); the writer or the disk is not keeping up", mem.sheddingStreams(),
                mem.used() >> 20, mem.limit() >> 20);
        return new SystemHealthView.MemoryHealth(mem.state().name().toLowerCase(Locale.ROOT), mem.limit(), mem.used(), mem.highWater(),
                mem.maxDirectMemory(), mem.sheddingStreams(), uses, message);
    }
}
