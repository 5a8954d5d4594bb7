package io.nightjar.recorder.ring;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.netty.buffer.ByteBuf;
import io.netty.util.IllegalReferenceCountException;
import io.nightjar.recorder.memory.MemoryBudget;
import io.nightjar.recorder.memory.MemoryUse;
import io.nightjar.recorder.stats.Counter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Disruptor ring shared by all cameras (multi-producer). Consumers are fixed at build time and
 * run in parallel, each on its own thread. Each payload is released exactly once, by whichever
 * consumer finishes with the event last (an atomic count per event), and handed back to its
 * producer's {@link PayloadRecycler} when it has one.
 *
 * <p>Why not a releaser consumer after the others, as the design first said: the Disruptor's
 * blocking wait strategies block only on the ring's cursor and busy-spin on upstream consumers'
 * sequences, so a dependent releaser spun a whole core while the writer worked (measured with JFR:
 * the releaser thread took 95% of the samples in the write-path benchmark, on 2 cores).
 *
 * <p>{@link #tryPublish} never blocks: when the ring is full it returns false and the caller keeps
 * the payload, stops reading its channel and retries (see the ingest package). The wait strategy
 * blocks with a timeout, which suits two cores and gives idle consumers a periodic
 * {@link FrameConsumer#onIdle()} for time-based work such as fsync.
 */
public final class FrameRing implements FrameSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FrameRing.class);

    private final Disruptor<FrameEvent> disruptor;
    private final RingBuffer<FrameEvent> ring;
    private final List<Handler> handlers;
    private final int consumerCount;
    private final AtomicLong rejectedFull = new AtomicLong();
    private final MemoryBudget budget;
    private final List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private FrameRing(Builder b) {
        this.budget = b.budget;
        AtomicInteger threadNo = new AtomicInteger();
        this.disruptor = new Disruptor<>(FrameEvent::new, b.size, r -> {
            Thread t = new Thread(r, "ring-" + threadNo.getAndIncrement());
            t.setDaemon(true);
            threads.add(t);
            return t;
        }, ProducerType.MULTI, ParkingBarrier.ANSWER_AT_ONCE);
        this.disruptor.setDefaultExceptionHandler(new LoggingExceptionHandler());
        this.handlers = new ArrayList<>();
        List<FrameConsumer> consumers = new ArrayList<>(b.consumers);
        if (consumers.isEmpty()) {
            consumers.add(new Discarder());
        }
        for (FrameConsumer c : consumers) {
            handlers.add(new Handler(c, budget));
        }
        this.consumerCount = handlers.size();
        long idleNanos = TimeUnit.MILLISECONDS.toNanos(b.idleMillis);
        @SuppressWarnings("unchecked")
        com.lmax.disruptor.dsl.EventProcessorFactory<FrameEvent>[] processors = new com.lmax.disruptor.dsl.EventProcessorFactory[handlers.size()];
        for (int i = 0; i < processors.length; i++) {
            Handler h = handlers.get(i);
            long park = (h.consumer.parkMicros() > 0 ? h.consumer.parkMicros() : b.parkMicros) * 1000L;
            processors[i] = (ringBuffer, after) -> {
                com.lmax.disruptor.BatchEventProcessor<FrameEvent> p = new com.lmax.disruptor.BatchEventProcessorBuilder()
                        .build(ringBuffer, new ParkingBarrier(ringBuffer.newBarrier(after), park, idleNanos), h);
                p.setExceptionHandler(new LoggingExceptionHandler()); // a factory's processor gets no default handler
                h.sequence = p.getSequence();
                return p;
            };
        }
        disruptor.handleEventsWith(processors);
        this.ring = disruptor.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Publishes an access unit. On success the ring owns {@code payload}; on false (ring full or
     * closed) the caller still owns it.
     */
    @Override
    public boolean tryPublish(StreamRef stream, long frameNumber, FrameView frame) {
        if (closed) {
            return false;
        }
        long seq;
        try {
            seq = ring.tryNext();
        } catch (InsufficientCapacityException e) {
            rejectedFull.incrementAndGet();
            return false;
        }
        budget.acquire(MemoryUse.RING, frame.payload().capacity()); // given back by whichever consumer finishes last
        FrameEvent e = ring.get(seq);
        e.set(stream, frameNumber, frame);
        e.expect(consumerCount);
        ring.publish(seq);
        return true;
    }

    public int capacity() {
        return ring.getBufferSize();
    }

    /** The budget the ring's payloads are charged to. */
    @Override
    public MemoryBudget budget() {
        return budget;
    }

    /** Events published but not yet released. */
    public long occupancy() {
        return ring.getBufferSize() - ring.remainingCapacity();
    }

    /** Total events published. */
    public long published() {
        return ring.getCursor() + 1;
    }

    /** Times a publish found the ring full. */
    public long rejectedFull() {
        return rejectedFull.get();
    }

    /** Per-consumer position and error count. */
    public List<ConsumerStatus> consumers() {
        long cursor = ring.getCursor();
        List<ConsumerStatus> out = new ArrayList<>();
        for (Handler h : handlers) {
            if (h.consumer instanceof Discarder) {
                continue;
            }
            long at = h.sequence.get();
            out.add(new ConsumerStatus(h.consumer.name(), h.consumer.delivery(), cursor - at, h.errors.get()));
        }
        return out;
    }

    /** Lets every consumer finish what was published, then stops their threads. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Disruptor.shutdown() only waits for consumers whose threads already run; wait for every
        // consumer to reach the cursor ourselves so nothing published is lost.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long target = ring.getCursor();
        for (Handler h : handlers) {
            while (h.sequence.get() < target && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
            }
        }
        try {
            disruptor.shutdown(10, TimeUnit.SECONDS);
        } catch (com.lmax.disruptor.TimeoutException e) {
            LOG.warn("frame ring consumers did not drain within 10 s; halting");
            disruptor.halt();
        }
        // halt() only signals: wait for every consumer's onShutdown (the writer closes its files there).
        for (Thread t : threads) {
            if (t == Thread.currentThread()) {
                continue;
            }
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (t.isAlive()) {
                LOG.warn("ring consumer thread {} did not stop within 30 s", t.getName());
            }
        }
    }

    /** A consumer's position: how many events it is behind the newest, and how many it failed. */
    public record ConsumerStatus(String name, FrameConsumer.Delivery delivery, long lag, long errors) {
    }

    /** Configures a ring. */
    public static final class Builder {
        private int size = 8192;
        private long idleMillis = 100;
        private long parkMicros = 2000;
        private final List<FrameConsumer> consumers = new ArrayList<>();
        private MemoryBudget budget = MemoryBudget.unlimited();

        /** The footage budget payloads in the ring are charged to (default: unlimited, for tools and tests). */
        public Builder budget(MemoryBudget budget) {
            this.budget = Objects.requireNonNull(budget, "budget");
            return this;
        }

        /** Ring slots, a power of two (default 8192: over a second of 200 cameras at 25 fps). */
        public Builder size(int size) {
            if (Integer.bitCount(size) != 1 || size < 2) {
                throw new IllegalArgumentException("ring size must be a power of two, was " + size);
            }
            this.size = size;
            return this;
        }

        /** After this long without events, consumers get {@link FrameConsumer#onIdle()}. */
        public Builder idleMillis(long millis) {
            if (millis < 1) {
                throw new IllegalArgumentException("idle interval must be positive");
            }
            this.idleMillis = millis;
            return this;
        }

        /** How long an idle consumer parks before looking again (default 2000 µs; see {@link ParkingBarrier}). */
        public Builder parkMicros(long micros) {
            if (micros < 1) {
                throw new IllegalArgumentException("park interval must be positive");
            }
            this.parkMicros = micros;
            return this;
        }

        public Builder consumer(FrameConsumer consumer) {
            consumers.add(Objects.requireNonNull(consumer, "consumer"));
            return this;
        }

        public FrameRing start() {
            return new FrameRing(this);
        }
    }

    private static final class Handler implements EventHandler<FrameEvent> {
        final FrameConsumer consumer;
        /** How far this consumer has processed (its processor's sequence, set when the ring is built). */
        com.lmax.disruptor.Sequence sequence;
        final Counter errors = new Counter();
        private final MemoryBudget budget;
        private long lastLogNanos;

        Handler(FrameConsumer consumer, MemoryBudget budget) {
            this.consumer = consumer;
            this.budget = budget;
        }

        @Override
        public void onEvent(FrameEvent event, long sequence, boolean endOfBatch) {
            try {
                consumer.onFrame(event, endOfBatch);
            } catch (Throwable t) {
                failed(t, event);
            } finally {
                if (event.done()) {
                    release(event, budget);
                }
            }
        }

        @Override
        public void onTimeout(long sequence) {
            try {
                consumer.onIdle();
            } catch (Throwable t) {
                failed(t, null);
            }
        }

        @Override
        public void onStart() {
            Thread.currentThread().setName("ring-" + consumer.name());
            consumer.onStart();
        }

        @Override
        public void onShutdown() {
            consumer.onShutdown();
        }

        private void failed(Throwable t, FrameEvent event) {
            errors.increment();
            long now = System.nanoTime();
            if (now - lastLogNanos > 1_000_000_000L) { // at most one log line a second per consumer
                lastLogNanos = now;
                LOG.error("ring consumer {} failed on {} ({} failures so far)", consumer.name(), event, errors.get(), t);
            }
        }
    }

    /** Frees a payload exactly once, on the thread of the consumer that finished last. */
    private static void release(FrameEvent event, MemoryBudget budget) {
        ByteBuf payload = event.payload;
        PayloadRecycler recycler = event.recycler;
        event.clear();
        if (payload == null) {
            return;
        }
        budget.release(MemoryUse.RING, payload.capacity());
        if (payload.refCnt() == 0) {
            LOG.error("a consumer released a payload it did not retain: {}", event);
            return;
        }
        try {
            Payloads.release(payload, recycler); // home to the allocating thread when this was the last reference
        } catch (IllegalReferenceCountException e) {
            LOG.error("a consumer released a payload it did not retain", e);
        }
    }

    /** Stands in when a ring has no consumers, so payloads are still released. */
    private static final class Discarder implements FrameConsumer {
        @Override
        public String name() {
            return "discarder";
        }

        @Override
        public Delivery delivery() {
            return Delivery.LOSSY;
        }

        @Override
        public void onFrame(FrameEvent event, boolean endOfBatch) {
        }
    }

    private static final class LoggingExceptionHandler implements ExceptionHandler<FrameEvent> {
        @Override
        public void handleEventException(Throwable ex, long sequence, FrameEvent event) {
            LOG.error("frame ring event {} failed: {}", sequence, event, ex);
        }

        @Override
        public void handleOnStartException(Throwable ex) {
            LOG.error("frame ring consumer failed to start", ex);
        }

        @Override
        public void handleOnShutdownException(Throwable ex) {
            LOG.error("frame ring consumer failed to shut down", ex);
        }
    }
}
