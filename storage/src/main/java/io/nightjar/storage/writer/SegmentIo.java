package io.nightjar.storage.writer;

import io.nightjar.recorder.memory.MemoryBudget;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The writer's direct-I/O slabs and the threads that write them, so that several O_DIRECT writes
 * are in flight while the writer copies and hashes the next fragment. Each O_DIRECT write waits for
 * the device; issued one at a time by the writer thread they made the device's latency plus the
 * writer's own CPU the limit of the whole recorder (measured on this project's 2-core VM: the writer
 * spent most of its samples in {@code pwrite} at 400 cameras, while the disk could do more).
 *
 * <p>The writer takes a free slab ({@link #take()}: waits only for the I/O threads, which depend
 * on nothing but the disk), fills it and submits it; the I/O thread writes it and gives it back.
 * Slabs are allocated once and charged to the footage budget.
 */
final class SegmentIo implements AutoCloseable {
    private final ArrayBlockingQueue<AlignedStaging> free;
    private final List<AlignedStaging> all = new ArrayList<>();
    private final ExecutorService threads;

    SegmentIo(int slabs, int slabCapacity, int ioThreads, MemoryBudget budget) {
        this.free = new ArrayBlockingQueue<>(slabs);
        for (int i = 0; i < slabs; i++) {
            AlignedStaging s = new AlignedStaging(slabCapacity, budget);
            all.add(s);
            free.add(s);
        }
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(ioThreads, r -> {
            Thread t = new Thread(r, "segment-io-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
    }

    /** A free slab; waits while every slab is being written (the disk is the limit then). */
    AlignedStaging take() throws InterruptedIOException {
        try {
            return free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for a write slab");
        }
    }

    void give(AlignedStaging slab) {
        free.add(slab);
    }

    void submit(Runnable write) {
        threads.execute(write);
    }

    int slabCapacity() {
        return all.get(0).capacity();
    }

    @Override
    public void close() {
        threads.shutdown();
        try {
            threads.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (AlignedStaging s : all) {
            s.close();
        }
    }
}
