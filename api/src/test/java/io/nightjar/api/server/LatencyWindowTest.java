package io.nightjar.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The largest recent latency, the same for every reader, forgotten after two windows. */
class LatencyWindowTest {
    static final long S = 1_000_000_000L;

    @Test
    void everyReaderSeesTheSameMaximumUntilItIsOlderThanTwoWindows() {
        AtomicLong now = new AtomicLong(100 * S);
        LatencyWindow w = new LatencyWindow(now::get);
        w.accept(3 * S / 10);
        w.accept(S / 10);
        assertThat(w.maxSeconds()).as("first monitor").isEqualTo(0.3);
        assertThat(w.maxSeconds()).as("a second monitor right after: reading takes nothing away").isEqualTo(0.3);
        now.addAndGet(10 * S);
        w.accept(S / 10);
        assertThat(w.maxSeconds()).as("the previous window still counts").isEqualTo(0.3);
        now.addAndGet(10 * S);
        w.accept(S / 5);
        assertThat(w.maxSeconds()).as("two windows on, the 0.3 s peak is gone").isEqualTo(0.2);
        now.addAndGet(25 * S);
        assertThat(w.maxSeconds()).as("nothing measured for 25 s").isZero();
        assertThat(w.count()).isEqualTo(4);
        assertThat(w.sumSeconds()).isEqualTo(0.7, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void concurrentWritersNeverLoseTheLargest() throws Exception {
        LatencyWindow w = new LatencyWindow();
        Thread[] ts = new Thread[4];
        for (int t = 0; t < ts.length; t++) {
            int id = t;
            ts[t] = new Thread(() -> {
                for (int i = 0; i < 100_000; i++) {
                    w.accept(id * 1_000_000L + i);
                }
            });
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        assertThat(w.count()).isEqualTo(400_000);
        assertThat(w.maxSeconds()).isEqualTo((3 * 1_000_000L + 99_999) / 1e9);
    }
}
