package io.nightjar.recorder.memory;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The accounted budget for footage in memory (see the package documentation). Thread-safe,
 * lock-free and allocation-free on every path but {@link #snapshot()}.
 *
 * <p>Why a budget of our own rather than the JVM's direct-memory limit: when the JVM's limit is
 * reached, {@code ByteBuffer.allocateDirect} (which Netty's pools call for a new chunk) sleeps and
 * retries in {@code java.nio.Bits.reserveMemory} — on an event loop, or on the segment writer whose
 * own progress is what would free the memory: a deadlock (seen with 400 cameras and 1 GiB). The
 * budget is sized well below that limit ({@link #DEFAULT_SHARE} of it by default), so admission
 * refuses footage at ingress long before any allocation could wait.
 *
 * <p>Ceilings, as fractions of the limit: ingest of a camera with priority {@code p} is admitted
 * while the total stays under {@link Priority#share()}; a camera that was refused is admitted again
 * only once the total is {@link #RESUME_MARGIN} below its ceiling (hysteresis, so cameras do not
 * flap GOP by GOP). Live viewers and analytics give way before any camera
 * ({@link #LOSSY_SHARE}); past {@link #TIGHT_SHARE} the state reads "tight" in health.
 */
public final class MemoryBudget {
    /**
     * Default budget: this share of the JVM's maximum direct memory. The rest is headroom for what
     * the budget does not see: socket buffers, and Netty's pools holding more than the bytes they
     * hand out (chunks kept for reuse, thread caches): measured 1.4 to 2.4 times the budget's own
     * count at 200 to 400 cameras. Gating ingest on the direct memory really in use was tried and
     * refused: the pools do not shrink while nothing allocates, so every camera stayed refused.
     */
    public static final double DEFAULT_SHARE = 0.4;
    /** Live fan-out, analytics and pre-roll are refused past this share of the budget. */
    public static final double LOSSY_SHARE = 0.5;
    /** Past this share the budget reports itself as tight. */
    public static final double TIGHT_SHARE = 0.5;
    /** A refused camera resumes when the total is this share of the budget below its ceiling. */
    public static final double RESUME_MARGIN = 0.10;

    private static final MemoryUse[] USES = MemoryUse.values();

    private final long limit;
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong highWater = new AtomicLong();
    private final AtomicLongArray byUse = new AtomicLongArray(USES.length);
    private final AtomicLongArray refusals = new AtomicLongArray(USES.length);
    private final AtomicInteger shedding = new AtomicInteger();
    private final long tightAt;
    private final long lossyCeiling;

    private MemoryBudget(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("a memory budget must be positive, was " + limit);
        }
        this.limit = limit;
        this.tightAt = (long) (limit * TIGHT_SHARE);
        this.lossyCeiling = (long) (limit * LOSSY_SHARE);
    }

    /** A budget of exactly {@code limitBytes}. */
    public static MemoryBudget of(long limitBytes) {
        return new MemoryBudget(limitBytes);
    }

    /**
     * The budget for this JVM: {@code configuredBytes} when positive (capped at the JVM's maximum
     * direct memory, which it cannot exceed), else {@link #DEFAULT_SHARE} of that maximum.
     */
    public static MemoryBudget forJvm(long configuredBytes) {
        long max = maxDirectMemory();
        long limit = configuredBytes > 0 ? Math.min(configuredBytes, max) : (long) (max * DEFAULT_SHARE);
        return new MemoryBudget(limit);
    }

    /** The JVM's direct-memory limit as Netty sees it ({@code -XX:MaxDirectMemorySize}, else the heap's maximum). */
    public static long maxDirectMemory() {
        return io.netty.util.internal.PlatformDependent.maxDirectMemory();
    }

    /** For tools and tests that do not bound memory: a budget so large nothing is refused. */
    public static MemoryBudget unlimited() {
        return new MemoryBudget(Long.MAX_VALUE / 4);
    }

    public long limit() {
        return limit;
    }

    public long used() {
        return used.get();
    }

    public long used(MemoryUse use) {
        return byUse.get(use.ordinal());
    }

    /**
     * Admission of an access unit of a camera with priority {@code p}: true when {@code bytes} more
     * stay under the camera's ceiling ({@code resuming}: under the lower, resume ceiling). Does not
     * charge anything: whoever then holds the bytes charges them with {@link #acquire}. Two cameras
     * deciding at once can overshoot by one access unit each, which the headroom under the JVM's
     * limit absorbs.
     */
    public boolean admits(Priority p, long bytes, boolean resuming) {
        double share = resuming ? p.share() - RESUME_MARGIN : p.share();
        if (used.get() + bytes <= (long) (limit * share)) {
            return true;
        }
        refusals.incrementAndGet(MemoryUse.RING.ordinal());
        return false;
    }

    /**
     * Charges {@code bytes} for a lossy holder (live, analytics, pre-roll) if they fit under
     * {@link #LOSSY_SHARE}; false (nothing charged, a refusal counted) when they do not.
     */
    public boolean tryAcquire(MemoryUse use, long bytes) {
        while (true) {
            long u = used.get();
            if (u + bytes > lossyCeiling) {
                refusals.incrementAndGet(use.ordinal());
                return false;
            }
            if (used.compareAndSet(u, u + bytes)) {
                byUse.addAndGet(use.ordinal(), bytes);
                raiseHighWater(u + bytes);
                return true;
            }
        }
    }

    /** Charges {@code bytes} unconditionally: for memory already admitted, or held by the lossless writer. */
    public void acquire(MemoryUse use, long bytes) {
        long now = used.addAndGet(bytes);
        byUse.addAndGet(use.ordinal(), bytes);
        raiseHighWater(now);
    }

    /** Gives back {@code bytes} charged to {@code use}. */
    public void release(MemoryUse use, long bytes) {
        used.addAndGet(-bytes);
        byUse.addAndGet(use.ordinal(), -bytes);
    }

    /** True past {@link #TIGHT_SHARE}. */
    public boolean tight() {
        return used.get() > tightAt;
    }

    /** A stream started shedding (counted for health). */
    public void sheddingStarted() {
        shedding.incrementAndGet();
    }

    /** A stream stopped shedding. */
    public void sheddingStopped() {
        shedding.decrementAndGet();
    }

    /** Streams shedding now. */
    public int sheddingStreams() {
        return shedding.get();
    }

    private void raiseHighWater(long now) {
        long h;
        while (now > (h = highWater.get()) && !highWater.compareAndSet(h, now)) {
            // another thread raised it first; look again
        }
    }

    /** The budget's state in one figure. */
    public MemoryState state() {
        long u = used.get();
        if (shedding.get() > 0) {
            return MemoryState.SHEDDING;
        }
        return u > tightAt ? MemoryState.TIGHT : MemoryState.OK;
    }

    /** Every figure at once, for health and metrics. */
    public Snapshot snapshot() {
        Map<MemoryUse, Long> uses = new EnumMap<>(MemoryUse.class);
        Map<MemoryUse, Long> refused = new EnumMap<>(MemoryUse.class);
        for (MemoryUse u : USES) {
            uses.put(u, byUse.get(u.ordinal()));
            refused.put(u, refusals.get(u.ordinal()));
        }
        return new Snapshot(state(), limit, used.get(), highWater.get(), maxDirectMemory(), shedding.get(), uses, refused);
    }

    /**
     * @param state           ok, tight (fragments cut early), shedding (some camera's frames refused)
     * @param limit           the budget in bytes
     * @param used            bytes charged now
     * @param highWater       the most ever charged at once
     * @param maxDirectMemory the JVM's direct-memory limit the budget sits under
     * @param sheddingStreams streams whose frames are being refused now
     * @param byUse           bytes charged now, per use
     * @param refusals        refused requests since start, per use ({@link MemoryUse#RING}: refused access units)
     */
    public record Snapshot(MemoryState state, long limit, long used, long highWater, long maxDirectMemory, int sheddingStreams,
                           Map<MemoryUse, Long> byUse, Map<MemoryUse, Long> refusals) {
    }
}
