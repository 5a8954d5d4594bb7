package io.nightjar.storage.writer;

import io.nightjar.recorder.memory.MemoryBudget;
import io.nightjar.recorder.memory.MemoryUse;
import io.nightjar.recorder.ring.FrameConsumer;
import io.nightjar.recorder.ring.FrameEvent;
import io.nightjar.recorder.ring.StreamRef;
import io.nightjar.storage.StorageLayout;
import io.nightjar.storage.index.FileEnd;
import io.nightjar.storage.index.FragmentRecord;
import io.nightjar.storage.index.TimeIndex;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lossless ring consumer that records every camera's main stream. All file and index work
 * happens on the ring's writer thread; index entries are committed once per ring batch
 * ({@code endOfBatch}), after the bytes they point to were written ({@link SegmentOutput}: direct
 * I/O, SHA-256 kept while writing). Fsyncs and sealing run on a thread of their own
 * ({@link Durability}); files recovered after a crash are hashed by {@link FileHasher}.
 */
public final class SegmentWriter implements FrameConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentWriter.class);

    private final StorageLayout layout;
    private final TimeIndex index;
    private final WriterSettings settings;
    private final Durability durability;
    private final MemoryBudget budget;
    private final SegmentIo io;
    private final Map<StreamRef, CameraRecording> recordings = new HashMap<>();
    private final Map<String, CameraRecording> byCamera = new ConcurrentHashMap<>();
    private final TimeIndex.Batch batch;
    private final CameraEpochs epochs = new CameraEpochs();
    private final PendingLatency latency;
    private final Map<StreamRef, PreRoll> preRolls = new HashMap<>();
    private volatile RecordGate gate = RecordGate.CONTINUOUS;
    private final java.util.concurrent.atomic.AtomicLong flushRequests = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong flushesDone = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean shutdown;
    private final io.nightjar.recorder.stats.Counter reliefFlushes = new io.nightjar.recorder.stats.Counter();
    private long lastReliefNanos;
    private volatile SpaceListener spaceUse = (camera, bytes) -> { };
    private static final FileEnd NO_MOTION = FileEnd.of(
            FileEnd.Kind.NO_MOTION, "no motion (motion-only recording)");
    private static final FileEnd RECORDING_OFF = FileEnd.of(
            FileEnd.Kind.RECORDING_OFF, "recording off");
    private static final FileEnd SHUTDOWN = FileEnd.of(
            FileEnd.Kind.SHUTDOWN, "shutdown");

    /**
     * @param latencyNanos receives, per recorded frame, the time from its arrival to its index
     *                     commit (for the load harness); may be null
     */
    public SegmentWriter(StorageLayout layout, TimeIndex index, WriterSettings settings, Durability durability,
                         LongConsumer latencyNanos) {
        this(layout, index, settings, durability, latencyNanos, MemoryBudget.unlimited());
    }

    /**
     * @param budget what the writer holds (fragments' payloads, the staging buffer, pre-roll) is
     *               charged to it; the writer allocates nothing for footage after construction
     */
    public SegmentWriter(StorageLayout layout, TimeIndex index, WriterSettings settings, Durability durability,
                         LongConsumer latencyNanos, MemoryBudget budget) {
        this.layout = layout;
        this.index = index;
        this.settings = settings;
        this.durability = durability;
        this.budget = budget;
        this.io = settings.directIo() ? new SegmentIo(IO_SLABS, stagingCapacity(budget), IO_THREADS, budget) : null;
        warmUpDigest();
        this.batch = index.newBatch();
        this.latency = new PendingLatency(latencyNanos);
    }

    /**
     * Each slab: a 24th of the budget (all of them together an eighth), between 256 KiB and
     * {@link AlignedStaging#DEFAULT_CAPACITY}; appends larger than a slab are written synchronously,
     * in chunks. The default budget (400 MB of 1 GiB) gives 4 MiB slabs.
     */
    static int stagingCapacity(MemoryBudget budget) {
        return (int) Math.max(256 * 1024, Math.min(AlignedStaging.DEFAULT_CAPACITY, budget.limit() / (8L * IO_SLABS)));
    }

    /**
     * Hashes a buffer for up to a second before any camera connects, so that the JIT compiles
     * SHA-256 (the writer's heaviest work per byte) before hundreds of cameras arrive at once.
     * Without it the writer ran interpreted code for its first 20-30 s at 400 cameras, fell behind,
     * and cameras shed until it caught up (BENCHMARKS.md).
     */
    private static void warmUpDigest() {
        try {
            java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(64 * 1024);
            long deadline = System.nanoTime() + 1_000_000_000L;
            for (int i = 0; i < 20_000 && System.nanoTime() < deadline; i++) {
                d.update(b.clear());
            }
            d.digest();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Told the size of every init segment and fragment before it is written (retention keeps the
     * free-space floor with it); called on the writer's thread, so it must not block.
     */
    public void onSpaceUse(SpaceListener listener) {
        this.spaceUse = listener;
    }

    /** Told what each camera is about to put on disk. */
    @FunctionalInterface
    public interface SpaceListener {
        void written(String camera, long bytes);
    }

    private void reportSpaceUse(String camera, long bytes) {
        spaceUse.written(camera, bytes);
    }

    /** Direct-I/O writes in flight at most (the disk's queue), and the threads that issue them. */
    static final int IO_SLABS = 3;
    static final int IO_THREADS = 2;

    /** The cluster epochs cameras are recorded under (set by the node following the cluster; 0 outside one). */
    public CameraEpochs epochs() {
        return epochs;
    }

    @Override
    public String name() {
        return "segment-writer";
    }

    /**
     * The writer wakes every 20 ms when the ring is empty, not every 2 ms: its output waits for
     * fragments that close once a second anyway, and each wake-up costs CPU (BENCHMARKS.md).
     */
    @Override
    public long parkMicros() {
        return PARK_MICROS;
    }

    static final long PARK_MICROS = 20_000;

    @Override
    public Delivery delivery() {
        return Delivery.LOSSLESS;
    }

    @Override
    public void onFrame(FrameEvent event, boolean endOfBatch) {
        if (event.stream().kind() == StreamRef.Kind.MAIN && !shutdown) {
            CameraRecording r = recordings.get(event.stream());
            if (r == null) {
                r = newRecording(event.stream().cameraId());
                recordings.put(event.stream(), r);
            }
            try {
                gated(r, event);
            } catch (RuntimeException e) {
                LOG.error("{}: recording failed on {}", event.stream(), event, e);
            }
        }
        if (endOfBatch) {
            relieveMemory();
            commit();
        }
    }

    /**
     * When cameras are shedding for memory and a good part of the budget is held in this writer's
     * fragments, writes every fragment now instead of at its next keyframe or second. Without this
     * a small budget deadlocks: fragments wait for the next frame to be written, ingress refuses
     * every frame because fragments hold the memory. Only under shedding, at most every 100 ms:
     * cutting fragments short all the time would multiply the writer's O_DIRECT writes (each waits
     * for the device) exactly when it is behind.
     */
    private void relieveMemory() {
        if (budget.sheddingStreams() == 0 || budget.used(MemoryUse.FRAGMENTS) <= budget.limit() * RELIEF_SHARE) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastReliefNanos < RELIEF_INTERVAL_NANOS) {
            return;
        }
        lastReliefNanos = now;
        for (CameraRecording r : recordings.values()) {
            r.flushFragment(batch, latency);
        }
        reliefFlushes.increment();
    }

    /** Share of the budget held in fragments past which the writer writes them early while cameras shed. */
    static final double RELIEF_SHARE = 0.25;
    static final long RELIEF_INTERVAL_NANOS = 100_000_000L;

    /** Times the writer wrote its fragments early because cameras were shedding for memory. */
    public long reliefFlushes() {
        return reliefFlushes.get();
    }

    /**
     * Sets what is recorded of each camera (motion-only, off); continuous by default. Takes effect
     * at the next frame.
     */
    public void setGate(RecordGate gate) {
        this.gate = gate == null ? RecordGate.CONTINUOUS : gate;
    }

    private void gated(CameraRecording r, FrameEvent event) {
        String camera = event.stream().cameraId();
        RecordGate g = gate;
        RecordGate.Decision d = g == RecordGate.CONTINUOUS ? RecordGate.Decision.RECORD : g.decide(camera, event.wallMicros());
        PreRoll pre = preRolls.get(event.stream());
        switch (d) {
            case RECORD -> {
                if (pre != null && !pre.isEmpty()) {
                    pre.drain(event.wallMicros() - g.preRollMicros(camera), f -> r.onFrame(f, batch, latency));
                }
                r.onFrame(event, batch, latency);
            }
            case BUFFER -> {
                r.close(NO_MOTION, batch, latency);
                if (pre == null) {
                    pre = new PreRoll(budget, PRE_ROLL_MAX_BYTES);
                    preRolls.put(event.stream(), pre);
                }
                pre.add(event, g.preRollMicros(camera));
            }
            case SKIP -> {
                r.close(RECORDING_OFF, batch, latency);
                if (pre != null) {
                    pre.clear();
                }
            }
            default -> throw new IllegalStateException(d.toString());
        }
    }

    /** Memory bound of one camera's pre-roll (about 30 s at 8 Mbit/s). */
    static final long PRE_ROLL_MAX_BYTES = 32L << 20;

    private CameraRecording newRecording(String camera) {
        CameraRecording r = new CameraRecording(camera, layout, index, settings, durability, budget, io,
                bytes -> reportSpaceUse(camera, bytes), epochs); // one lambda per camera, none per fragment
        FragmentRecord last = index.fragments().locate(camera, Long.MAX_VALUE - 1);
        if (last != null) {
            r.resumeAfter(last.startMicros());
        }
        byCamera.put(camera, r);
        return r;
    }

    private void commit() {
        try {
            for (CameraRecording r : recordings.values()) {
                if (r.hasUnconfirmed()) {
                    r.confirm(batch); // bytes first: waits for the fragments' writes, then indexes them
                }
            }
            batch.commit();
            latency.flush();
        } catch (RuntimeException e) {
            LOG.error("index commit failed; the fragments stay in their files and recovery will index them", e);
        }
    }

    @Override
    public void onIdle() {
        relieveMemory();
        long now = System.nanoTime();
        long asked = flushRequests.get();
        for (CameraRecording r : recordings.values()) {
            r.closeIfIdle(now, batch, latency);
            if (asked != flushesDone.get()) {
                r.flushFragment(batch, latency);
            }
        }
        commit();
        flushesDone.set(asked);
    }

    /**
     * Asks the writer to write and index every fragment it holds the next time the ring is idle
     * (files stay open), so that a count of frames written includes them; returns a ticket for
     * {@link #flushed(long)}. For the load harness's end-of-run accounting and for tests.
     */
    public long requestFlush() {
        return flushRequests.incrementAndGet();
    }

    /** True once the flush with this ticket (or a later one) is done. */
    public boolean flushed(long ticket) {
        return flushesDone.get() >= ticket;
    }

    /** Called on the writer thread when the ring stops: every file is finished and closed. */
    @Override
    public void onShutdown() {
        shutdown = true;
        for (CameraRecording r : recordings.values()) {
            try {
                r.close(SHUTDOWN, batch, latency);
            } catch (RuntimeException e) {
                LOG.error("{}: could not close its file cleanly", r.camera, e);
            }
            r.release();
        }
        for (PreRoll p : preRolls.values()) {
            p.clear();
        }
        commit();
        batch.close();
        if (io != null) {
            io.close();
        }
    }

    /** Per-camera writer status (any thread). */
    public List<CameraStatus> status() {
        List<CameraStatus> out = new ArrayList<>();
        for (CameraRecording r : byCamera.values()) {
            out.add(r.status());
        }
        return out;
    }

    public CameraStatus status(String camera) {
        CameraRecording r = byCamera.get(camera);
        return r == null ? null : r.status();
    }

    /** Arrival times of frames written but not yet committed; reported at commit. */
    static final class PendingLatency {
        private final LongConsumer sink;
        private long[] arrivals = new long[256];
        private int count;

        PendingLatency(LongConsumer sink) {
            this.sink = sink;
        }

        void add(long arrivalNanos) {
            if (sink == null) {
                return;
            }
            if (count == arrivals.length) {
                arrivals = java.util.Arrays.copyOf(arrivals, count * 2);
            }
            arrivals[count++] = arrivalNanos;
        }

        void flush() {
            if (sink == null || count == 0) {
                return;
            }
            long now = System.nanoTime();
            for (int i = 0; i < count; i++) {
                sink.accept(now - arrivals[i]);
            }
            count = 0;
        }
    }
}
