package io.nightjar.storage;

import io.nightjar.recorder.memory.MemoryBudget;
import io.nightjar.recorder.time.MicrosClock;
import io.nightjar.storage.retention.RetentionPolicy;
import io.nightjar.storage.writer.WriterSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * How storage is set up.
 *
 * @param root                    the data directory
 * @param writer                  segment and fsync settings
 * @param retention               the current policy (read at each pass, so it can change at run time)
 * @param retentionIntervalMillis how often retention runs (0: never automatically)
 * @param cameraRoots             cameras recorded on other roots (other disks)
 * @param clock                   wall clock
 * @param latencyNanos            per-frame arrival-to-indexed latency sink, or null
 * @param budget                  the footage memory budget the writer's fragments, staging and pre-roll are charged to
 *                                (the same one as the frame ring's)
 * @param ownerOnly               make the data directory and camera roots owner-only (0700) at open, so footage, the
 *                                index, the audit log and exports are readable by this user alone
 */
public record StorageConfig(Path root, WriterSettings writer, Supplier<RetentionPolicy> retention, long retentionIntervalMillis,
                            Map<String, Path> cameraRoots, MicrosClock clock, LongConsumer latencyNanos, MemoryBudget budget,
                            boolean ownerOnly) {
    public static StorageConfig defaults(Path root) {
        return new StorageConfig(root, WriterSettings.defaults(), RetentionPolicy::unlimited, 10_000, Map.of(), MicrosClock.SYSTEM, null,
                MemoryBudget.unlimited(), true);
    }

    public StorageConfig withBudget(MemoryBudget b) {
        return new StorageConfig(root, writer, retention, retentionIntervalMillis, cameraRoots, clock, latencyNanos, b, ownerOnly);
    }

    public StorageConfig withWriter(WriterSettings w) {
        return new StorageConfig(root, w, retention, retentionIntervalMillis, cameraRoots, clock, latencyNanos, budget, ownerOnly);
    }

    public StorageConfig withRetention(Supplier<RetentionPolicy> r, long intervalMillis) {
        return new StorageConfig(root, writer, r, intervalMillis, cameraRoots, clock, latencyNanos, budget, ownerOnly);
    }

    public StorageConfig withCameraRoots(Map<String, Path> roots) {
        return new StorageConfig(root, writer, retention, retentionIntervalMillis, roots, clock, latencyNanos, budget, ownerOnly);
    }

    /** Whether the storage roots are made owner-only (0700) at open (the default; off for a shared group). */
    public StorageConfig withOwnerOnly(boolean on) {
        return new StorageConfig(root, writer, retention, retentionIntervalMillis, cameraRoots, clock, latencyNanos, budget, on);
    }

    public StorageConfig withLatency(LongConsumer sink) {
        return new StorageConfig(root, writer, retention, retentionIntervalMillis, cameraRoots, clock, sink, budget, ownerOnly);
    }
}
