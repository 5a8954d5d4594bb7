package io.nightjar.storage.retention;

import io.nightjar.recorder.time.MicrosClock;
import io.nightjar.storage.StorageLayout;
import io.nightjar.storage.index.FileRecord;
import io.nightjar.storage.index.TimeIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces the retention policy: deletes whole closed files, oldest first, skipping files an
 * active evidence hold touches. A deletion marks the file as being deleted and removes its
 * fragments from the index in one synced write, deletes the file, then the record: a crash at any
 * point leaves either the footage or nothing, and recovery finishes what was started.
 *
 * <p>The free-space floor holds between passes, not only at them: a pass that finds a file system
 * under the floor frees it to the floor plus a headroom ({@link #headroom}), and the segment
 * writer reports every byte it is about to write ({@link #written}); once half of what was free
 * above the floor at the last pass has been written, a pass runs at once on the retention thread
 * instead of waiting for the next tick. The writer never waits for it: reporting is an atomic add.
 */
public final class Retention implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    /** One deletion and why. */
    public record Deletion(String camera, String path, long startMicros, long endMicros, long bytes, String reason) {
    }

    private final TimeIndex index;
    private final StorageLayout layout;
    private final HoldStore holds;
    private final Supplier<RetentionPolicy> policy;
    private final MicrosClock clock;
    private final ToLongFunction<Path> usableSpace;
    private volatile ScheduledExecutorService executor;
    /** Bytes the writer may write before the next pass must run (the floor's margin), or MAX_VALUE. */
    private volatile long allowance = Long.MAX_VALUE;
    private final AtomicLong writtenSincePass = new AtomicLong();
    private final AtomicBoolean passRequested = new AtomicBoolean();
    private final AtomicLong passesBeforeWriting = new AtomicLong();

    public Retention(TimeIndex index, StorageLayout layout, HoldStore holds, Supplier<RetentionPolicy> policy,
                     MicrosClock clock, ToLongFunction<Path> usableSpace) {
        this.index = index;
        this.layout = layout;
        this.holds = holds;
        this.policy = policy;
        this.clock = clock;
        this.usableSpace = usableSpace;
    }

    /** Usable bytes of the file system holding a path. */
    public static long usableSpace(Path p) {
        try {
            return Files.getFileStore(p).getUsableSpace();
        } catch (IOException e) {
            return Long.MAX_VALUE; // unknown: do not delete on a guess
        }
    }

    /** Runs the policy every {@code intervalMillis} on a background thread. */
    public synchronized void start(long intervalMillis) {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "storage-retention");
            t.setDaemon(true);
            return t;
        });
        long floor = policy.get().freeSpaceFloorBytes();
        measureAllowance(floor, headroom(floor, 0));
        executor.scheduleWithFixedDelay(() -> {
            try {
                runOnce();
            } catch (RuntimeException e) {
                LOG.error("retention pass failed", e);
            }
        }, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * The writer is about to put {@code bytes} on disk. Lock-free and allocation-free (called for
     * every fragment on the segment writer's thread): when the margin above the free-space floor
     * measured at the last pass is half used, a pass is started on the retention thread.
     */
    public void written(long bytes) {
        if (writtenSincePass.addAndGet(bytes) >= allowance && passRequested.compareAndSet(false, true)) {
            ScheduledExecutorService e = executor;
            if (e == null) {
                passRequested.set(false);
                return;
            }
            try {
                e.execute(() -> {
                    try {
                        passesBeforeWriting.incrementAndGet();
                        runOnce();
                    } catch (RuntimeException ex) {
                        LOG.error("retention pass failed", ex);
                    } finally {
                        passRequested.set(false);
                    }
                });
            } catch (RejectedExecutionException closing) {
                passRequested.set(false);
            }
        }
    }

    /** Passes started by the writer's reports (the floor's margin half used) rather than by the clock. */
    public long passesBeforeWriting() {
        return passesBeforeWriting.get();
    }

    /** True while a pass the writer asked for has not finished. */
    public boolean passPending() {
        return passRequested.get();
    }

    /**
     * What a pass frees beyond the floor, so that writing until the next pass cannot take the file
     * system under it: a tenth of the floor, or twice what was written between the last two passes
     * if that is more.
     */
    static long headroom(long floorBytes, long writtenBetweenPasses) {
        return Math.max(floorBytes / 10, 2 * writtenBetweenPasses);
    }

    /** After a pass: how much may be written before the next one must run (half the margin left above the floor). */
    private void measureAllowance(long floor, long headroom) {
        if (floor <= 0) {
            allowance = Long.MAX_VALUE;
            return;
        }
        long least = Long.MAX_VALUE;
        for (Path root : layout.roots()) {
            least = Math.min(least, usableSpace.applyAsLong(Files.exists(root) ? root : layout.root()));
        }
        if (least == Long.MAX_VALUE) {
            allowance = Long.MAX_VALUE; // unknown: the clock's passes only
            return;
        }
        // under the floor with nothing left to delete: try again after half a headroom, not at every fragment
        allowance = Math.max((least - floor) / 2, Math.max(headroom / 2, 1));
    }

    /** Applies every rule once; returns the deletions made. */
    public synchronized List<Deletion> runOnce() {
        long writtenBetweenPasses = writtenSincePass.getAndSet(0);
        RetentionPolicy p = policy.get();
        long headroom = headroom(p.freeSpaceFloorBytes(), writtenBetweenPasses);
        long now = clock.nowMicros();
        List<Hold> active = new ArrayList<>();
        for (Hold h : holds.all()) {
            if (h.activeAt(now)) {
                active.add(h);
            }
        }
        Map<String, List<FileRecord>> byCamera = new LinkedHashMap<>();
        for (String camera : index.cameras()) {
            List<FileRecord> files = new ArrayList<>(index.filesOf(camera));
            files.sort(Comparator.comparingLong(FileRecord::startMicros));
            byCamera.put(camera, files);
        }
        List<Deletion> done = new ArrayList<>();
        Set<Long> gone = new HashSet<>();
        // 1. age, 2. per-camera quota
        for (Map.Entry<String, List<FileRecord>> e : byCamera.entrySet()) {
            String camera = e.getKey();
            long maxAge = p.maxAgeOf(camera);
            if (maxAge > 0) {
                for (FileRecord f : e.getValue()) {
                    if (f.endMicros() < now - maxAge && deletable(f, active, now)) {
                        delete(f, "older than the " + maxAge / 86_400_000_000.0 + "-day limit", done, gone);
                    }
                }
            }
            long quota = p.maxBytesOf(camera);
            if (quota > 0) {
                long used = bytes(e.getValue(), gone);
                for (FileRecord f : e.getValue()) {
                    if (used <= quota) {
                        break;
                    }
                    if (!gone.contains(f.id()) && deletable(f, active, now)) {
                        delete(f, "camera quota " + quota + " bytes exceeded (" + used + ")", done, gone);
                        used -= f.bytes();
                    }
                }
            }
        }
        // 3. global quota, 4. free-space floor: the globally oldest file goes first.
        List<FileRecord> oldestFirst = new ArrayList<>();
        byCamera.values().forEach(oldestFirst::addAll);
        oldestFirst.sort(Comparator.comparingLong(FileRecord::startMicros));
        if (p.globalMaxBytes() > 0) {
            long used = bytes(oldestFirst, gone);
            for (FileRecord f : oldestFirst) {
                if (used <= p.globalMaxBytes()) {
                    break;
                }
                if (!gone.contains(f.id()) && deletable(f, active, now)) {
                    delete(f, "global quota " + p.globalMaxBytes() + " bytes exceeded (" + used + ")", done, gone);
                    used -= f.bytes();
                }
            }
        }
        if (p.freeSpaceFloorBytes() > 0) {
            long target = p.freeSpaceFloorBytes() + headroom;
            for (FileRecord f : oldestFirst) {
                Path file = layout.resolve(f.path());
                Path existing = Files.exists(file) ? file : layout.root();
                long free = usableSpace.applyAsLong(existing);
                if (free >= target) {
                    continue; // this file's file system has room; others may not
                }
                if (!gone.contains(f.id()) && deletable(f, active, now)) {
                    delete(f, "free space " + free + " bytes under the floor of " + p.freeSpaceFloorBytes() + " plus "
                            + headroom + " of headroom", done, gone);
                }
            }
        }
        measureAllowance(p.freeSpaceFloorBytes(), headroom);
        if (done.size() > 100) {
            index.flush(); // many deletions leave tombstones: flush so reads stay fast
        }
        return done;
    }

    private static long bytes(List<FileRecord> files, Set<Long> gone) {
        long sum = 0;
        for (FileRecord f : files) {
            if (!gone.contains(f.id())) {
                sum += f.bytes();
            }
        }
        return sum;
    }

    private boolean deletable(FileRecord f, List<Hold> active, long now) {
        return f.state() == FileRecord.State.CLOSED && !holds.protects(active, f.camera(), f.startMicros(), f.endMicros(), now);
    }

    private void delete(FileRecord f, String reason, List<Deletion> done, Set<Long> gone) {
        try {
            deleteFile(f);
            gone.add(f.id());
            done.add(new Deletion(f.camera(), f.path(), f.startMicros(), f.endMicros(), f.bytes(), reason));
            LOG.info("retention: deleted {} ({} bytes): {}", f.path(), f.bytes(), reason);
        } catch (IOException | RuntimeException e) {
            LOG.error("retention: could not delete {}: {}", f.path(), e.toString());
        }
    }

    /** The crash-safe deletion sequence: index first (one synced write), then the file, then its record. */
    void deleteFile(FileRecord f) throws IOException {
        markDeleting(f);
        Path path = layout.resolve(f.path());
        Files.deleteIfExists(path);
        removeEmptyParents(path.getParent(), layout.rootOf(f.camera()));
        index.deleteFileRecord(f);
    }

    /** Step one alone (tests interrupt a deletion here). */
    void markDeleting(FileRecord f) {
        index.deleteFragments(index.fragmentsOf(f), f.deleting());
    }

    private static void removeEmptyParents(Path dir, Path stop) {
        Path d = dir;
        while (d != null && d.startsWith(stop) && !d.equals(stop)) {
            try {
                Files.delete(d);
            } catch (IOException e) {
                return; // not empty, or gone
            }
            d = d.getParent();
        }
    }

    /** Achieved retention of every camera. */
    public List<AchievedRetention> achieved() {
        List<AchievedRetention> out = new ArrayList<>();
        for (String camera : index.cameras()) {
            out.add(achieved(camera));
        }
        return out;
    }

    public AchievedRetention achieved(String camera) {
        long now = clock.nowMicros();
        long oldest = 0;
        long newest = 0;
        long recorded = 0;
        long bytes = 0;
        int files = 0;
        for (FileRecord f : index.filesOf(camera)) {
            if (f.state() == FileRecord.State.DELETING) {
                continue;
            }
            if (oldest == 0 || f.startMicros() < oldest) {
                oldest = f.startMicros();
            }
            newest = Math.max(newest, f.endMicros());
            recorded += Math.max(0, f.endMicros() - f.startMicros());
            bytes += f.bytes();
            files++;
        }
        long target = policy.get().maxAgeOf(camera) / 1_000_000L;
        long kept = oldest == 0 ? 0 : Math.max(0, (now - oldest) / 1_000_000L);
        return new AchievedRetention(camera, oldest, newest, kept, target, recorded / 1_000_000L, bytes, files,
                target == 0 || kept >= target);
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
