package io.nightjar.analytics.tap;

import io.nightjar.analytics.anomaly.ActivityBaseline;
import io.nightjar.analytics.event.EventSink;
import io.nightjar.analytics.event.MotionGridSink;
import io.nightjar.recorder.ring.FrameConsumer;
import io.nightjar.recorder.memory.MemoryBudget;
import io.nightjar.recorder.memory.MemoryUse;
import io.nightjar.recorder.ring.FrameEvent;
import io.nightjar.recorder.ring.Payloads;
import io.nightjar.recorder.stats.Counter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lossy ring consumer of analytics. For each analysed camera it retains the access unit's
 * payload and puts it in a bounded mailbox; a pool of worker threads drains the mailboxes (one
 * camera on one worker at a time, so each camera's analyzer is single-threaded). When a mailbox is
 * full the tap drops this camera's access units up to its next keyframe, so the decoder restarts
 * on a clean picture, and counts the drop. The ring thread never waits: recording is never slowed
 * by analytics.
 */
public final class AnalyticsTap implements FrameConsumer, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AnalyticsTap.class);
    private static final int MAILBOX = 64;
    private static final long OFFLINE_NANOS = 10_000_000_000L;

    private final Function<String, AnalyticsSettings> settings;
    private final AnalyzerFactory factory;
    private final ExecutorService workers;
    private final MemoryBudget budget;
    private final Map<String, Worker> cameras = new ConcurrentHashMap<>();
    private long lastSweep;
    private volatile boolean closed;

    /**
     * @param settings per camera: how to analyse it, or null to leave it alone (read at each access
     *                 unit: settings that changed (by value) rebuild the camera's analyzer)
     * @param threads  worker threads
     */
    public AnalyticsTap(Function<String, AnalyticsSettings> settings, AnalyzerFactory factory, int threads) {
        this(settings, factory, threads, MemoryBudget.unlimited());
    }

    /**
     * @param budget frames waiting in mailboxes are charged to it ({@link MemoryUse#ANALYTICS}); a
     *               frame it refuses is dropped for analytics like one that finds its mailbox full
     */
    public AnalyticsTap(Function<String, AnalyticsSettings> settings, AnalyzerFactory factory, int threads, MemoryBudget budget) {
        this.budget = budget;
        this.settings = settings;
        this.factory = factory;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "analytics-" + n.getAndIncrement());
            t.setDaemon(true);
            t.setPriority(Thread.NORM_PRIORITY - 1);
            return t;
        });
    }

    /** The standard analyzers: decode, motion, light, tamper, unusual activity. */
    public static AnalyzerFactory standard(EventSink events, MotionGridSink grids, Function<String, ActivityBaseline> baselines,
                                           LongConsumer latencyNanos) {
        return (camera, s) -> new CameraAnalyzer(camera, s, events, grids, baselines.apply(camera), latencyNanos);
    }

    @Override
    public String name() {
        return "analytics-tap";
    }

    @Override
    public Delivery delivery() {
        return Delivery.LOSSY;
    }

    @Override
    public void onFrame(FrameEvent e, boolean endOfBatch) {
        if (closed) {
            return;
        }
        String camera = e.stream().cameraId();
        AnalyticsSettings s = settings.apply(camera);
        if (s == null || e.stream().kind() != s.stream()) {
            return;
        }
        Worker w = cameras.computeIfAbsent(camera, Worker::new);
        w.offer(e, s);
        if (endOfBatch) {
            sweep();
        }
    }

    @Override
    public void onIdle() {
        sweep();
    }

    /** Cameras silent for 10 s have their open events closed (on their own worker). */
    private void sweep() {
        long now = System.nanoTime();
        if (now - lastSweep < 1_000_000_000L) {
            return;
        }
        lastSweep = now;
        for (Worker w : cameras.values()) {
            if (w.lastArrival != 0 && now - w.lastArrival > OFFLINE_NANOS && !w.offlineSent) {
                w.offlineSent = true;
                w.pendingOffline.set(true);
                w.schedule();
            }
        }
    }

    public List<TapStatus> status() {
        List<TapStatus> out = new ArrayList<>();
        for (Worker w : cameras.values()) {
            out.add(w.status());
        }
        return out;
    }

    public TapStatus status(String camera) {
        Worker w = cameras.get(camera);
        return w == null ? null : w.status();
    }

    @Override
    public void close() {
        closed = true;
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Worker w : cameras.values()) {
            w.dispose();
        }
    }

    /** Gives a queued frame's charge back and its payload home to its producer. */
    private void letGo(QueuedFrame f) {
        budget.release(MemoryUse.ANALYTICS, f.payload().capacity());
        Payloads.release(f.payload(), f.recycler());
    }

    /** One camera's mailbox and analyzer. */
    private final class Worker implements Runnable {
        final String camera;
        final ArrayBlockingQueue<QueuedFrame> mailbox = new ArrayBlockingQueue<>(MAILBOX);
        final AtomicBoolean scheduled = new AtomicBoolean();
        final AtomicBoolean pendingOffline = new AtomicBoolean();
        final Counter received = new Counter();
        final Counter dropped = new Counter();
        volatile FrameAnalyzer analyzer;
        volatile AnalyticsSettings analyzerSettings;
        volatile AnalyticsSettings wanted;
        boolean dropping;
        boolean dropHappened;
        volatile long lastArrival;
        volatile boolean offlineSent;
        boolean analyzerOffline = true;

        Worker(String camera) {
            this.camera = camera;
        }

        /** Ring thread. */
        void offer(FrameEvent e, AnalyticsSettings s) {
            received.increment();
            lastArrival = System.nanoTime();
            offlineSent = false;
            wanted = s;
            if (dropping && !e.key()) {
                dropped.increment();
                return;
            }
            int charge = e.payload().capacity();
            if (!budget.tryAcquire(MemoryUse.ANALYTICS, charge)) {
                dropped.increment();
                dropping = true;
                dropHappened = true;
                return;
            }
            e.payload().retain(); // the slot is reused: the mailbox keeps its own reference
            QueuedFrame f = QueuedFrame.of(e, dropHappened);
            if (!mailbox.offer(f)) {
                letGo(f);
                dropped.increment();
                dropping = true;
                dropHappened = true;
                return;
            }
            dropping = false;
            dropHappened = false;
            schedule();
        }

        void schedule() {
            if (!closed && scheduled.compareAndSet(false, true)) {
                try {
                    workers.execute(this);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    scheduled.set(false);
                }
            }
        }

        /** Worker thread. */
        @Override
        public void run() {
            try {
                for (int i = 0; i < 32; i++) {
                    QueuedFrame f = mailbox.poll();
                    if (f == null) {
                        break;
                    }
                    try {
                        analyzerOffline = false;
                        analyzer().accept(f);
                    } catch (RuntimeException ex) {
                        LOG.error("{}: analyzer failed", camera, ex);
                    } finally {
                        letGo(f);
                    }
                }
                if (pendingOffline.getAndSet(false) && analyzer != null && !analyzerOffline) {
                    analyzerOffline = true;
                    analyzer.offline();
                }
            } finally {
                scheduled.set(false);
                if (!mailbox.isEmpty() || pendingOffline.get()) {
                    schedule();
                }
            }
        }

        private FrameAnalyzer analyzer() {
            AnalyticsSettings s = wanted;
            if (analyzer == null || !s.equals(analyzerSettings)) {
                if (analyzer != null) {
                    analyzer.offline();
                    analyzer.close();
                }
                analyzer = factory.create(camera, s);
                analyzerSettings = s;
            }
            return analyzer;
        }

        TapStatus status() {
            FrameAnalyzer a = analyzer;
            return new TapStatus(camera, mailbox.size(), received.get(), dropped.get(), a == null ? 0 : a.framesAnalysed(),
                    a == null ? 0 : a.decodeErrors());
        }

        void dispose() {
            QueuedFrame f;
            while ((f = mailbox.poll()) != null) {
                letGo(f);
            }
            if (analyzer != null) {
                if (!analyzerOffline) {
                    analyzer.offline();
                }
                analyzer.close();
            }
        }
    }
}
