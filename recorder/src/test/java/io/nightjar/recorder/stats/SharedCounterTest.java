package io.nightjar.recorder.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Increments from many threads at once are all counted (what Counter, single-writer, does not promise). */
class SharedCounterTest {
    @Test
    void everyIncrementFromEveryThreadIsCounted() throws Exception {
        SharedCounter c = new SharedCounter();
        int threads = 8;
        int each = 200_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    c.increment();
                }
                c.add(5);
            });
            th.start();
            ts.add(th);
        }
        start.countDown();
        for (Thread th : ts) {
            th.join();
        }
        assertThat(c.get()).isEqualTo((long) threads * each + threads * 5L);
    }
}
