package io.nightjar.storage.retention;

import io.nightjar.recorder.time.MicrosClock;
import io.nightjar.storage.StorageLayout;
import io.nightjar.storage.index.FileRecord;
import io.nightjar.storage.index.FileRecords;
import io.nightjar.storage.index.TimeIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    /**
     * Bytes on disk per camera, for the quotas: counted by a scan of every file record, then kept by
     * the writer's reports and the deletions, and scanned again every {@link #RESCAN_PASSES} passes
     * (what a report cannot see — init segments' padding, a file recovery truncated — is corrected there).
     */
    private final Map<String, AtomicLong> usage = new java.util.concurrent.ConcurrentHashMap<>();
    private int passesSinceScan = RESCAN_PASSES;
    /** Passes between two scans of the usage (about 10 minutes at the default 10 s). */
    static final int RESCAN_PASSES = 60;

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
    public void written(String camera, long bytes) {
        AtomicLong used = usage.get(camera);
        if (used == null) {
            used = usage.computeIfAbsent(camera, c -> new AtomicLong()); // once per camera
        }
        used.addAndGet(bytes);
        written(bytes);
    }

    /** The writer is about to put {@code bytes} on disk, for no camera in particular (see {@link #written(String, long)}). */
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

    /**
     * Applies every rule once; returns the deletions made. Incremental: files are read oldest first
     * from the index as the rules need them and no further — the age rule stops at the first file
     * younger than the limit, a quota at the first file that brings the usage under it, the floor
     * once every file system has room (one free-space query per file system when they all do).
     * Nothing of the whole index is loaded or sorted; the quotas' usage comes from the ledger.
     */
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
        List<String> cameras = index.cameras();
        if (p.hasQuota()) {
            if (passesSinceScan >= RESCAN_PASSES) {
                scanUsage(cameras);
            } else {
                passesSinceScan++;
            }
        }
        List<Deletion> done = new ArrayList<>();
        // 1. age, 2. per-camera quota
        for (String camera : cameras) {
            long maxAge = p.maxAgeOf(camera);
            if (maxAge > 0) {
                long cutoff = now - maxAge;
                try (FileRecords.Cursor files = index.files().oldestFirst(camera)) {
                    while (files.hasNext() && files.nextStartMicros() < cutoff) {
                        FileRecord f = files.next();
                        if (f != null && f.endMicros() < cutoff && deletable(f, active, now)) {
                            delete(f, "older than the " + maxAge / 86_400_000_000.0 + "-day limit", done);
                        }
                    }
                }
            }
            long quota = p.maxBytesOf(camera);
            if (quota > 0 && used(camera) > quota) {
                try (FileRecords.Cursor files = index.files().oldestFirst(camera)) {
                    for (FileRecord f = files.next(); f != null && used(camera) > quota; f = files.next()) {
                        if (deletable(f, active, now)) {
                            delete(f, "camera quota " + quota + " bytes exceeded (" + used(camera) + ")", done);
                        }
                    }
                }
            }
        }
        // 3. global quota, 4. free-space floor: the globally oldest file goes first.
        if (p.globalMaxBytes() > 0 && totalUsed(cameras) > p.globalMaxBytes()) {
            try (OldestFirst files = new OldestFirst(index, cameras)) {
                for (FileRecord f = files.next(); f != null && totalUsed(cameras) > p.globalMaxBytes(); f = files.next()) {
                    if (deletable(f, active, now)) {
                        delete(f, "global quota " + p.globalMaxBytes() + " bytes exceeded (" + totalUsed(cameras) + ")", done);
                    }
                }
            }
        }
        if (p.freeSpaceFloorBytes() > 0) {
            keepFloor(p.freeSpaceFloorBytes(), headroom, cameras, active, now, done);
        }
        measureAllowance(p.freeSpaceFloorBytes(), headroom);
        if (done.size() > 100) {
            index.flush(); // many deletions leave tombstones: flush so reads stay fast
        }
        return done;
    }

    /** Deletes the oldest files of the file systems under the floor plus headroom until each has room. */
    private void keepFloor(long floor, long headroom, List<String> cameras, List<Hold> active, long now, List<Deletion> done) {
        long target = floor + headroom;
        Map<Path, Long> free = new LinkedHashMap<>();
        List<String> short_ = new ArrayList<>();
        for (String camera : cameras) {
            Path root = layout.rootOf(camera);
            long f = free.computeIfAbsent(root, this::freeAt);
            if (f < target) {
                short_.add(camera);
            }
        }
        if (short_.isEmpty()) {
            return;
        }
        try (OldestFirst files = new OldestFirst(index, short_)) {
            for (FileRecord f = files.next(); f != null; f = files.next()) {
                Path root = layout.rootOf(f.camera());
                long room = free.get(root);
                if (room >= target) {
                    continue; // this file's file system has room now; others may not
                }
                if (deletable(f, active, now)) {
                    delete(f, "free space " + room + " bytes under the floor of " + floor + " plus " + headroom + " of headroom", done);
                    free.put(root, freeAt(root));
                    if (free.values().stream().allMatch(v -> v >= target)) {
                        return;
                    }
                }
            }
        }
    }

    private long freeAt(Path root) {
        return usableSpace.applyAsLong(Files.exists(root) ? root : layout.root());
    }

    /** Counts every camera's bytes from its file records (the ledger's periodic correction). */
    private void scanUsage(List<String> cameras) {
        passesSinceScan = 0;
        for (String camera : cameras) {
            long sum = 0;
            try (FileRecords.Cursor files = index.files().oldestFirst(camera)) {
                for (FileRecord f = files.next(); f != null; f = files.next()) {
                    if (f.state() != FileRecord.State.DELETING) {
                        sum += f.bytes();
                    }
                }
            }
            usage.computeIfAbsent(camera, c -> new AtomicLong()).set(sum);
        }
    }

    private long used(String camera) {
        AtomicLong u = usage.get(camera);
        return u == null ? 0 : u.get();
    }

    private long totalUsed(List<String> cameras) {
        long sum = 0;
        for (String c : cameras) {
            sum += used(c);
        }
        return sum;
    }

    private boolean deletable(FileRecord f, List<Hold> active, long now) {
        return f.state() == FileRecord.State.CLOSED && !holds.protects(active, f.camera(), f.startMicros(), f.endMicros(), now);
    }

    private void delete(FileRecord f, String reason, List<Deletion> done) {
        try {
            deleteFile(f);
            AtomicLong u = usage.get(f.camera());
            if (u != null) {
                u.addAndGet(-f.bytes());
            }
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
        index.files().delete(f);
    }

    /** Step one alone (tests interrupt a deletion here). */
    void markDeleting(FileRecord f) {
        index.fragments().delete(index.fragments().of(f), f.deleting());
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
        for (FileRecord f : index.files().of(camera)) {
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
