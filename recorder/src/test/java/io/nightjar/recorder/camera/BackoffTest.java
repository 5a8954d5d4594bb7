package io.nightjar.recorder.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesFromOneSecondToTheThirtySecondCap() {
        Backoff b = new Backoff(1000, 30_000, () -> 0.5);
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            delays.add(b.nextDelayMillis());
        }
        assertThat(delays).containsExactly(1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L);
        b.reset();
        assertThat(b.nextDelayMillis()).isEqualTo(1000);
    }

    @RepeatedTest(20)
    void jitterStaysWithinTheBounds() {
        Backoff b = Backoff.standard();
        for (int i = 0; i < 10; i++) {
            assertThat(b.nextDelayMillis()).isBetween(1000L, 30_000L);
        }
    }

    @Test
    void jitterSpreadsAFleet() {
        Backoff low = new Backoff(1000, 30_000, () -> 0.0);
        Backoff high = new Backoff(1000, 30_000, () -> 0.999);
        low.nextDelayMillis();
        high.nextDelayMillis();
        assertThat(high.nextDelayMillis() - low.nextDelayMillis()).isGreaterThan(700);
    }
}
