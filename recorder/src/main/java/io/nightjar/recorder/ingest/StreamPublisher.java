package io.nightjar.recorder.ingest;

import io.netty.buffer.ByteBuf;
import io.nightjar.recorder.media.CodecConfig;
import io.nightjar.recorder.memory.MemoryBudget;
import io.nightjar.recorder.memory.MemoryUse;
import io.nightjar.recorder.memory.Priority;
import io.nightjar.recorder.ring.FrameDraft;
import io.nightjar.recorder.ring.FrameSink;
import io.nightjar.recorder.ring.PayloadRecycler;
import io.nightjar.recorder.ring.RunStart;
import io.nightjar.recorder.ring.StreamRef;
import io.nightjar.recorder.time.MicrosClock;
import io.nightjar.recorder.time.WallClockMapper;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Publishes one stream's access units into the ring, stamping each with its wall-clock time.
 *
 * <p>When the ring is full the access unit waits in a small pending queue, the connection stops
 * reading, and a retry is scheduled on the event loop (after 1 ms, backing off to 20 ms) until the
 * queue drains; then reading resumes. The event loop never blocks. The queue is bounded: past
 * {@link #MAX_PENDING} access units (which cannot happen while reading is paused, short of a
 * misbehaving transport) new ones are dropped and counted rather than growing memory.
 *
 * <p><b>Admission.</b> Each access unit must fit the footage {@link MemoryBudget} under this
 * camera's {@link Priority} ceiling. One that does not is dropped here, at ingress, and so is every
 * frame after it until a keyframe arrives with room under a lower, resume ceiling (hysteresis): what
 * is recorded stays decodable, and a shed period ends in a new run. Shed frames are counted per
 * camera ({@link StreamMetrics#droppedMemory}) and the stream reports itself as shedding. Nothing
 * waits for memory: the decision is a read of the budget.
 *
 * <p>Lives as long as the camera: metrics and frame numbering survive reconnects.
 */
public final class StreamPublisher implements MediaSink, PayloadRecycler {
    static final int MAX_PENDING = 256;

    private final StreamRef stream;
    private final FrameSink sink;
    private final MicrosClock clock;
    private final WallClockMapper wallClock = new WallClockMapper();
    private final StreamMetrics metrics = new StreamMetrics();
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final FrameDraft draft = new FrameDraft(); // the frame being published, refilled for each
    private final Runnable retry = this::retry;
    private final ReturnQueue returns = new ReturnQueue(1024);
    private final MemoryBudget budget;
    private final Priority priority;
    private FlowControl flow = FlowControl.NONE;
    private long frameNumber;
    /** Why the next frame that gets through starts a new run, or NONE. */
    private RunStart nextRun = RunStart.NONE;
    private boolean retryScheduled;
    private int retries;
    private boolean shedding;
    private volatile boolean closed;

    /** A publisher whose frames are never refused for memory (tools, tests). */
    public StreamPublisher(StreamRef stream, FrameSink sink, MicrosClock clock) {
        this(stream, sink, clock, MemoryBudget.unlimited(), Priority.NORMAL);
    }

    public StreamPublisher(StreamRef stream, FrameSink sink, MicrosClock clock, MemoryBudget budget, Priority priority) {
        this.stream = stream;
        this.sink = sink;
        this.clock = clock;
        this.budget = java.util.Objects.requireNonNull(budget, "budget");
        this.priority = java.util.Objects.requireNonNull(priority, "priority");
    }

    public Priority priority() {
        return priority;
    }

    public StreamRef stream() {
        return stream;
    }

    public StreamMetrics metrics() {
        return metrics;
    }

    public WallClockMapper wallClock() {
        return wallClock;
    }

    @Override
    public void onSessionStart(FlowControl flow) {
        this.flow = flow;
        wallClock.reset();
        metrics.restartWindow();
        nextRun = RunStart.STREAM_START;
    }

    @Override
    public void onDiscontinuity() {
        wallClock.reset();
        startRun(RunStart.STREAM_RESTART);
    }

    /** Marks the next frame that gets through as a new run, keeping the first reason given. */
    private void startRun(RunStart why) {
        if (nextRun == RunStart.NONE) {
            nextRun = why;
        }
    }

    @Override
    public void onSenderReport(long pts90k, long ntpUnixMicros) {
        wallClock.onSenderReport(pts90k, ntpUnixMicros);
    }

    @Override
    public void onAccessUnit(ByteBuf accessUnit, long pts90k, boolean key, CodecConfig config) {
        returns.drainAndRelease();
        long arrivalNanos = System.nanoTime();
        long wall = wallClock.map(pts90k, clock.nowMicros());
        if (wallClock.discontinuity()) {
            startRun(RunStart.TIMESTAMP_JUMP); // after a (re)start the mapper anchors too: the start's reason stays
        }
        metrics.onFrame(accessUnit.readableBytes(), key, config, arrivalNanos);
        if (!admit(accessUnit, key)) {
            return; // the next frame that gets through starts the run
        }
        RunStart run = nextRun;
        nextRun = RunStart.NONE;
        long number = frameNumber++;
        draft.pts90k(pts90k).wallMicros(wall).arrivalNanos(arrivalNanos).key(key).runStart(run).config(config)
                .payload(accessUnit, this);
        boolean published = pending.isEmpty() && sink.tryPublish(stream, number, draft);
        FrameDraft waiting = published || pending.size() >= MAX_PENDING ? null : FrameDraft.copyOf(draft);
        draft.clear(); // the reused draft keeps nothing alive
        if (published) {
            return;
        }
        if (waiting == null) {
            metrics.droppedRingFull.increment();
            accessUnit.release();
            startRun(run != RunStart.NONE ? run : RunStart.FRAMES_DROPPED);
            return;
        }
        if (pending.isEmpty()) {
            metrics.ringStalls.increment();
            flow.pauseReading();
        }
        budget.acquire(MemoryUse.PENDING, accessUnit.capacity());
        pending.add(new Pending(number, waiting));
        scheduleRetry();
    }

    /**
     * Admission against the memory budget; false when the access unit was shed (and released). A
     * stream that sheds starts again only at a keyframe, and in a new run.
     */
    private boolean admit(ByteBuf accessUnit, boolean key) {
        int charge = accessUnit.capacity();
        if (!shedding) {
            if (budget.admits(priority, charge, false)) {
                return true;
            }
            shedding = true;
            metrics.sheddingStarted();
            budget.sheddingStarted();
        } else if (key && budget.admits(priority, charge, true)) {
            shedding = false;
            metrics.sheddingStopped();
            budget.sheddingStopped();
            startRun(RunStart.FRAMES_SHED); // the frames before this one are gone: a new run
            return true;
        }
        metrics.droppedMemory.increment();
        metrics.droppedMemoryBytes.add(accessUnit.readableBytes());
        accessUnit.release();
        return false;
    }

    /** True while this stream's frames are refused for memory. */
    public boolean shedding() {
        return shedding;
    }

    /** While shedding only a keyframe can end it: the depacketizer need not even copy the others. */
    @Override
    public boolean discardsDeltaFrames() {
        return shedding;
    }

    /** A non-key picture the depacketizer discarded unread while shedding: counted like any shed frame. */
    @Override
    public void onAccessUnitDiscarded(long pts90k) {
        returns.drainAndRelease();
        metrics.frameDiscarded(System.nanoTime());
        metrics.droppedMemory.increment();
    }

    /**
     * Retries back off from 1 ms to {@link #MAX_RETRY_MILLIS}: with hundreds of streams waiting for
     * a full ring, a fixed 1 ms retry was hundreds of thousands of event-loop wake-ups a second,
     * taking the CPU from the very writer whose progress they waited for.
     */
    private void scheduleRetry() {
        if (!retryScheduled) {
            retryScheduled = true;
            long delay = Math.min(MAX_RETRY_MILLIS, 1L << Math.min(retries, 5));
            retries++;
            flow.schedule(retry, delay, TimeUnit.MILLISECONDS);
        }
    }

    static final long MAX_RETRY_MILLIS = 20;

    private void retry() {
        retryScheduled = false;
        Pending p;
        while ((p = pending.peek()) != null) {
            int charge = p.frame.payload().capacity();
            if (!sink.tryPublish(stream, p.number, p.frame)) {
                scheduleRetry();
                return;
            }
            budget.release(MemoryUse.PENDING, charge);
            pending.poll();
        }
        retries = 0;
        flow.resumeReading();
    }

    /** Access units waiting for room in the ring. */
    public int pendingCount() {
        return pending.size();
    }

    /**
     * Pending access units outlive their session: they were received whole, so they are retried
     * until the ring takes them, in order before anything a new session delivers.
     */
    @Override
    public void onSessionEnd() {
        returns.drainAndRelease();
    }

    /**
     * Buffers come home from the ring's consumer threads and are released on the event loop at the
     * next access unit, so pooled memory and its recycled wrappers stay thread-local.
     */
    @Override
    public void recycle(ByteBuf payload) {
        if (closed || !returns.offer(payload)) {
            payload.release(); // nobody drains the queue of a closed stream
        }
    }

    /** Releases anything still pending; the camera is being removed or the process stops. */
    public void close() {
        closed = true;
        returns.drainAndRelease();
        Pending p;
        while ((p = pending.poll()) != null) {
            metrics.droppedRingFull.increment();
            budget.release(MemoryUse.PENDING, p.frame.payload().capacity());
            p.frame.payload().release();
        }
        if (shedding) {
            shedding = false;
            metrics.sheddingStopped();
            budget.sheddingStopped();
        }
    }

    /** A frame that found the ring full, with the number it was given. */
    private record Pending(long number, FrameDraft frame) {
    }
}
