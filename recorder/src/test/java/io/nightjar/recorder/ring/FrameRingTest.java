package io.nightjar.recorder.ring;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.nightjar.recorder.memory.MemoryBudget;
import io.nightjar.recorder.memory.MemoryUse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FrameRingTest {
    private static final StreamRef CAM = StreamRef.main("cam1");

    static FrameConsumer consumer(String name, FrameConsumer.Delivery delivery, ThrowingHandler h) {
        return new FrameConsumer() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Delivery delivery() {
                return delivery;
            }

            @Override
            public void onFrame(FrameEvent event, boolean endOfBatch) throws Exception {
                h.handle(event);
            }
        };
    }

    interface ThrowingHandler {
        void handle(FrameEvent e) throws Exception;
    }

    @Test
    void aConsumerWithItsOwnLongerParkIntervalWakesForFewerBatches() throws Exception {
        AtomicInteger shortBatches = new AtomicInteger();
        AtomicInteger longBatches = new AtomicInteger();
        AtomicInteger longFrames = new AtomicInteger();
        FrameRing ring = FrameRing.builder().size(1024)
                .consumer(batchCounter("short", 0, shortBatches, new AtomicInteger()))
                .consumer(batchCounter("long", 50_000, longBatches, longFrames))
                .start();
        for (int i = 0; i < 200; i++) { // a frame every millisecond or so, for about 200 ms
            ByteBuf p = Unpooled.buffer(1).writeByte(i);
            while (!ring.tryPublish(CAM, i, new FrameDraft().pts90k(i).wallMicros(i).arrivalNanos(i).key(false)
                    .runStart(RunStart.NONE).config(null).payload(p, null))) {
                Thread.onSpinWait();
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        while (longFrames.get() < 200) {
            Thread.sleep(5);
        }
        ring.close();
        // Same frames, same run: the 2 ms consumer takes them in many small batches, the 50 ms one
        // in a few large ones (a ratio, not a timing).
        assertThat(longBatches.get() * 4).as("long %d vs short %d batches", longBatches.get(), shortBatches.get())
                .isLessThan(shortBatches.get());
    }

    @Test
    void aQuietRingGivesEveryConsumerItsIdleCallbackWhateverItsParkInterval() throws Exception {
        java.util.concurrent.CountDownLatch idleShort = new java.util.concurrent.CountDownLatch(3);
        java.util.concurrent.CountDownLatch idleLong = new java.util.concurrent.CountDownLatch(3);
        FrameRing ring = FrameRing.builder().size(64).idleMillis(20)
                .consumer(idler("short", 0, idleShort))
                .consumer(idler("long", 30_000, idleLong))
                .start();
        try {
            assertThat(idleShort.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(idleLong.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        } finally {
            ring.close();
        }
    }

    private static FrameConsumer idler(String name, long parkMicros, java.util.concurrent.CountDownLatch idle) {
        return consumer(name, parkMicros, (event, endOfBatch) -> { }, idle::countDown);
    }

    private static FrameConsumer batchCounter(String name, long parkMicros, AtomicInteger batches, AtomicInteger frames) {
        return consumer(name, parkMicros, (event, endOfBatch) -> {
            frames.incrementAndGet();
            if (endOfBatch) {
                batches.incrementAndGet();
            }
        }, () -> { });
    }

    /** A lossy consumer with its own park interval, what it does with frames, and with idleness. */
    private static FrameConsumer consumer(String name, long parkMicros, java.util.function.BiConsumer<FrameEvent, Boolean> frames,
                                          Runnable idle) {
        return new FrameConsumer() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Delivery delivery() {
                return Delivery.LOSSY;
            }

            @Override
            public long parkMicros() {
                return parkMicros;
            }

            @Override
            public void onFrame(FrameEvent event, boolean endOfBatch) {
                frames.accept(event, endOfBatch);
            }

            @Override
            public void onIdle() {
                idle.run();
            }
        };
    }

    @Test
    void everyConsumerSeesEveryFrameAndThePayloadIsReleasedExactlyOnceAfterAll() throws Exception {
        List<Long> seenA = new ArrayList<>();
        List<Integer> refCountsSeenByB = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(100);
        FrameRing ring = FrameRing.builder().size(16)
                .consumer(consumer("a", FrameConsumer.Delivery.LOSSLESS, e -> seenA.add(e.frameNumber())))
                .consumer(consumer("b", FrameConsumer.Delivery.LOSSY, e -> {
                    refCountsSeenByB.add(e.payload().refCnt());
                    done.countDown();
                }))
                .start();
        List<ByteBuf> payloads = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ByteBuf p = Unpooled.buffer(8).writeLong(i);
            payloads.add(p);
            while (!ring.tryPublish(CAM, i, new FrameDraft().pts90k(i * 3600L).wallMicros(i).arrivalNanos(System.nanoTime()).key(i % 25 == 0)
                    .runStart(RunStart.when(i == 0)).config(null).payload(p, null))) {
                Thread.onSpinWait();
            }
        }
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        ring.close();
        assertThat(seenA).hasSize(100);
        assertThat(refCountsSeenByB).as("still alive while consumers look").allMatch(c -> c == 1);
        assertThat(payloads).allMatch(p -> p.refCnt() == 0);
    }

    @Test
    void payloadsAreChargedWhileInTheRingAndARetainingConsumerSendsThemHomeWhenDone() throws Exception {
        MemoryBudget budget = MemoryBudget.unlimited();
        List<ByteBuf> retained = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<PayloadRecycler> recyclers = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<ByteBuf> cameHome = new java.util.concurrent.CopyOnWriteArrayList<>();
        PayloadRecycler home = b -> {
            cameHome.add(b);
            b.release();
        };
        AtomicInteger seen = new AtomicInteger();
        FrameRing ring = FrameRing.builder().size(64).budget(budget)
                .consumer(consumer("keeper", FrameConsumer.Delivery.LOSSLESS, e -> {
                    retained.add(e.payload().retain());
                    recyclers.add(e.recycler());
                    seen.incrementAndGet();
                }))
                .consumer(consumer("looker", FrameConsumer.Delivery.LOSSY, e -> { }))
                .start();
        List<ByteBuf> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ByteBuf p = Unpooled.directBuffer(1000, 1000);
            all.add(p);
            while (!ring.tryPublish(CAM, i, new FrameDraft().pts90k(i).wallMicros(i).arrivalNanos(i).key(i == 0)
                    .runStart(RunStart.NONE).config(null).payload(p, home))) {
                Thread.onSpinWait();
            }
        }
        while (seen.get() < 10 || ring.occupancy() > 0) {
            Thread.sleep(1);
        }
        Thread.sleep(20); // the last consumer's release follows its onFrame
        assertThat(budget.used(MemoryUse.RING)).as("every consumer is done: the ring's charge is back").isZero();
        assertThat(cameHome).as("the keeper still holds them: none went home yet").isEmpty();
        assertThat(all).allMatch(b -> b.refCnt() == 1);
        for (int i = 0; i < retained.size(); i++) {
            Payloads.release(retained.get(i), recyclers.get(i));
        }
        assertThat(cameHome).as("the last holder sends each payload home").hasSize(10);
        assertThat(all).allMatch(b -> b.refCnt() == 0);
        ring.close();
    }

    @Test
    void aFullRingRefusesWithoutBlockingAndTheCallerKeepsThePayload() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        FrameRing ring = FrameRing.builder().size(4)
                .consumer(consumer("slow", FrameConsumer.Delivery.LOSSLESS, e -> release.await()))
                .start();
        int accepted = 0;
        ByteBuf refused = null;
        for (int i = 0; i < 10; i++) {
            ByteBuf p = Unpooled.buffer(1).writeByte(i);
            long t0 = System.nanoTime();
            boolean ok = ring.tryPublish(CAM, i, new FrameDraft().pts90k(i).wallMicros(i).arrivalNanos(i).key(false)
                    .runStart(RunStart.NONE).config(null).payload(p, null));
            assertThat(System.nanoTime() - t0).as("never blocks").isLessThan(TimeUnit.MILLISECONDS.toNanos(500));
            if (ok) {
                accepted++;
            } else if (refused == null) {
                refused = p;
            } else {
                p.release();
            }
        }
        assertThat(accepted).isEqualTo(4);
        assertThat(refused.refCnt()).as("caller still owns a refused payload").isEqualTo(1);
        assertThat(ring.rejectedFull()).isEqualTo(6);
        assertThat(ring.occupancy()).isEqualTo(4);
        refused.release();
        release.countDown();
        ring.close();
        assertThat(ring.occupancy()).isZero();
    }

    @Test
    void aFailingConsumerIsCountedAndDoesNotStopTheRing() throws Exception {
        AtomicInteger good = new AtomicInteger();
        FrameRing ring = FrameRing.builder().size(8)
                .consumer(consumer("flaky", FrameConsumer.Delivery.LOSSY, e -> {
                    if (e.frameNumber() % 2 == 0) {
                        throw new IllegalStateException("boom");
                    }
                }))
                .consumer(consumer("good", FrameConsumer.Delivery.LOSSLESS, e -> good.incrementAndGet()))
                .start();
        for (int i = 0; i < 20; i++) {
            while (!ring.tryPublish(CAM, i, new FrameDraft().pts90k(i).wallMicros(i).arrivalNanos(i).key(false)
                    .runStart(RunStart.NONE).config(null).payload(Unpooled.buffer(1), null))) {
                Thread.onSpinWait();
            }
        }
        ring.close();
        assertThat(good.get()).isEqualTo(20);
        assertThat(ring.consumers()).filteredOn(c -> c.name().equals("flaky")).singleElement()
                .satisfies(c -> assertThat(c.errors()).isEqualTo(10));
    }
}
