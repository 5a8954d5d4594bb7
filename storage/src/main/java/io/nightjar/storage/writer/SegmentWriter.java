package io.nightjar.storage.writer;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.nightjar.recorder.ring.FrameConsumer;
import io.nightjar.recorder.ring.FrameEvent;
import io.nightjar.recorder.ring.StreamRef;
import io.nightjar.storage.StorageLayout;
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
    private final ByteBufAllocator allocator;
    private final AlignedStaging staging = new AlignedStaging();
    private final Map<StreamRef, CameraRecording> recordings = new HashMap<>();
    private final Map<String, CameraRecording> byCamera = new ConcurrentHashMap<>();
    private final TimeIndex.Batch batch;
    private final PendingLatency latency;
    private final Map<StreamRef, PreRoll> preRolls = new HashMap<>();
    private volatile RecordGate gate = RecordGate.CONTINUOUS;
    private volatile boolean shutdown;

    /**
     * @param latencyNanos receives, per recorded frame, the time from its arrival to its index
     *                     commit (for the load harness); may be null
     */
    public SegmentWriter(StorageLayout layout, TimeIndex index, WriterSettings settings, Durability durability,
                         LongConsumer latencyNanos) {
        this.layout = layout;
        this.index = index;
        this.settings = settings;
        this.durability = durability;
        this.allocator = PooledByteBufAllocator.DEFAULT;
        this.batch = index.newBatch();
        this.latency = new PendingLatency(latencyNanos);
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
            commit();
        }
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
                    pre.drain(event.wallMicros() - g.preRollMicros(camera), f -> r.onFrame(f.payload(), f.pts90k(), f.wallMicros(), f.arrivalNanos(), f.key(), f.discontinuity(),
                            f.config(), batch, latency));
                }
                r.onFrame(event, batch, latency);
            }
            case BUFFER -> {
                r.close("no motion (motion-only recording)", batch, latency);
                if (pre == null) {
                    pre = new PreRoll(allocator, PRE_ROLL_MAX_BYTES);
                    preRolls.put(event.stream(), pre);
                }
                pre.add(event.payload(), event.pts90k(), event.wallMicros(), event.arrivalNanos(), event.key(), event.discontinuity(),
                        event.config(), g.preRollMicros(camera));
            }
            case SKIP -> {
                r.close("recording off", batch, latency);
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
        CameraRecording r = new CameraRecording(camera, layout, index, settings, durability, allocator, staging);
        FragmentRecord last = index.locate(camera, Long.MAX_VALUE - 1);
        if (last != null) {
            r.resumeAfter(last.startMicros());
        }
        byCamera.put(camera, r);
        return r;
    }

    private void commit() {
        try {
            batch.commit();
            latency.flush();
        } catch (RuntimeException e) {
            LOG.error("index commit failed; the fragments stay in their files and recovery will index them", e);
        }
    }

    @Override
    public void onIdle() {
        long now = System.nanoTime();
        for (CameraRecording r : recordings.values()) {
            r.closeIfIdle(now, batch, latency);
        }
        commit();
    }

    /** Called on the writer thread when the ring stops: every file is finished and closed. */
    @Override
    public void onShutdown() {
        shutdown = true;
        for (CameraRecording r : recordings.values()) {
            try {
                r.close("shutdown", batch, latency);
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
