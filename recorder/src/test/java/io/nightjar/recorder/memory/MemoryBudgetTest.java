package io.nightjar.recorder.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The footage budget: ceilings by priority, hysteresis, lossy holders first, exact accounting. */
class MemoryBudgetTest {
    private static final long MB = 1 << 20;

    @Test
    void lowerPrioritiesAreRefusedFirstAndHighMayFillTheWholeBudget() {
        MemoryBudget b = MemoryBudget.of(100 * MB);
        b.acquire(MemoryUse.RING, 65 * MB);
        assertThat(b.admits(Priority.LOW, MB, false)).as("low stops at 60 %").isFalse();
        assertThat(b.admits(Priority.NORMAL, MB, false)).as("normal goes on to 80 %").isTrue();
        b.acquire(MemoryUse.RING, 20 * MB);
        assertThat(b.admits(Priority.NORMAL, MB, false)).isFalse();
        assertThat(b.admits(Priority.HIGH, 14 * MB, false)).as("high may use it all").isTrue();
        assertThat(b.admits(Priority.HIGH, 16 * MB, false)).isFalse();
        assertThat(b.snapshot().refusals().get(MemoryUse.RING)).isEqualTo(3);
    }

    @Test
    void aRefusedCameraResumesOnlyWellBelowItsCeiling() {
        MemoryBudget b = MemoryBudget.of(100 * MB);
        b.acquire(MemoryUse.RING, 55 * MB);
        assertThat(b.admits(Priority.LOW, MB, false)).as("under 60 %").isTrue();
        assertThat(b.admits(Priority.LOW, MB, true)).as("but not yet under the resume ceiling of 50 %").isFalse();
        b.release(MemoryUse.RING, 6 * MB);
        assertThat(b.admits(Priority.LOW, MB, true)).isTrue();
    }

    @Test
    void lossyHoldersGiveWayBeforeAnyCamera() {
        MemoryBudget b = MemoryBudget.of(100 * MB);
        b.acquire(MemoryUse.FRAGMENTS, 45 * MB);
        assertThat(b.tryAcquire(MemoryUse.LIVE, 4 * MB)).isTrue();
        assertThat(b.tryAcquire(MemoryUse.ANALYTICS, 2 * MB)).as("past half the budget").isFalse();
        assertThat(b.admits(Priority.LOW, 2 * MB, false)).as("while every camera is still admitted").isTrue();
        assertThat(b.used(MemoryUse.LIVE)).isEqualTo(4 * MB);
        assertThat(b.used(MemoryUse.ANALYTICS)).isZero();
        assertThat(b.snapshot().refusals().get(MemoryUse.ANALYTICS)).isEqualTo(1);
    }

    @Test
    void theWriterIsNeverRefusedAndIsToldWhenToGiveBackEarly() {
        MemoryBudget b = MemoryBudget.of(10 * MB);
        assertThat(b.tight()).isFalse();
        b.acquire(MemoryUse.FRAGMENTS, 6 * MB);
        assertThat(b.tight()).isTrue();
        assertThat(b.state()).isEqualTo(MemoryState.TIGHT);
        b.acquire(MemoryUse.FRAGMENTS, 20 * MB); // over the limit: the lossless writer is not refused, ingress will shed
        assertThat(b.used()).isEqualTo(26 * MB);
        assertThat(b.snapshot().highWater()).isEqualTo(26 * MB);
        b.sheddingStarted();
        assertThat(b.state()).isEqualTo(MemoryState.SHEDDING);
        b.sheddingStopped();
        b.release(MemoryUse.FRAGMENTS, 26 * MB);
        assertThat(b.state()).isEqualTo(MemoryState.OK);
    }

    @Test
    void theDefaultBudgetIsHalfTheJvmDirectMemoryAndAConfiguredOneCannotExceedIt() {
        long max = MemoryBudget.maxDirectMemory();
        assertThat(MemoryBudget.forJvm(0).limit()).isEqualTo((long) (max * MemoryBudget.DEFAULT_SHARE));
        assertThat(MemoryBudget.forJvm(64 * MB).limit()).isEqualTo(Math.min(64 * MB, max));
        assertThat(MemoryBudget.forJvm(Long.MAX_VALUE / 2).limit()).isEqualTo(max);
    }

    @Property(tries = 200)
    void whateverIsAcquiredAndReleasedTheFiguresAddUpAndReturnToZero(
            @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 6) Integer> uses,
            @ForAll @Size(max = 60) List<@IntRange(min = 1, max = 5_000_000) Integer> sizes) {
        MemoryBudget b = MemoryBudget.of(64 * MB);
        MemoryUse[] all = MemoryUse.values();
        List<long[]> held = new ArrayList<>();
        for (int i = 0; i < Math.min(uses.size(), sizes.size()); i++) {
            MemoryUse u = all[uses.get(i)];
            long n = sizes.get(i);
            boolean taken = u == MemoryUse.LIVE || u == MemoryUse.ANALYTICS || u == MemoryUse.PRE_ROLL ? b.tryAcquire(u, n) : acquire(b, u, n);
            if (taken) {
                held.add(new long[] {u.ordinal(), n});
            }
            long sum = 0;
            for (MemoryUse x : all) {
                sum += b.used(x);
            }
            assertThat(sum).isEqualTo(b.used());
            assertThat(b.snapshot().highWater()).isGreaterThanOrEqualTo(b.used());
        }
        for (long[] h : held) {
            b.release(all[(int) h[0]], h[1]);
        }
        assertThat(b.used()).isZero();
        for (MemoryUse x : all) {
            assertThat(b.used(x)).isZero();
        }
    }

    @Test
    void concurrentLossyChargesNeverOvershootTheirCeiling() throws Exception {
        MemoryBudget b = MemoryBudget.of(1000);
        AtomicBoolean over = new AtomicBoolean();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread th = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 200_000; i++) {
                    if (b.tryAcquire(MemoryUse.LIVE, 7)) {
                        if (b.used() > 500) {
                            over.set(true);
                        }
                        b.release(MemoryUse.LIVE, 7);
                    }
                }
            });
            threads.add(th);
            th.start();
        }
        go.countDown();
        for (Thread th : threads) {
            th.join();
        }
        assertThat(over).as("the lossy ceiling (half of 1000) held under contention").isFalse();
        assertThat(b.used()).isZero();
    }

    private static boolean acquire(MemoryBudget b, MemoryUse u, long n) {
        b.acquire(u, n);
        return true;
    }
}
