package io.nightjar.recorder.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Rates measured from frame timestamps. */
class FrameRateTest {
    @Test
    void nothingOrOneFrameMeasuresNothing() {
        FrameRate r = new FrameRate();
        assertThat(r.fps()).isZero();
        r.add(1000, 500);
        assertThat(r.fps()).isZero();
        assertThat(r.bitsPerSecond()).isZero();
        assertThat(r.frames()).isEqualTo(1);
    }

    @Test
    void aSecondOf25FramesOf5000BytesIs25FpsAnd1Mbit() {
        FrameRate r = new FrameRate();
        for (int i = 0; i < 25; i++) {
            r.add(123_456 + i * 3600L, 5000);
        }
        assertThat(r.fps()).isCloseTo(25.0, within(1e-9));
        assertThat(r.spanSeconds()).isCloseTo(0.96, within(1e-9));
        assertThat(r.bitsPerSecond()).isCloseTo(1_000_000.0, within(1e-6));
    }

    @Property
    void anyRegularStreamMeasuresItsOwnRate(@ForAll @IntRange(min = 1, max = 120) int fps, @ForAll @IntRange(min = 2, max = 400) int frames,
                                            @ForAll @IntRange(min = 1, max = 200_000) int size) {
        FrameRate r = new FrameRate();
        for (int i = 0; i < frames; i++) {
            r.add(i * 90_000L / fps, size);
        }
        assertThat(r.fps()).isCloseTo(fps, within(fps * 0.02 + 0.01)); // integer ticks round each timestamp down
        assertThat(r.bitsPerSecond()).isCloseTo(size * 8.0 * fps, within(size * 8.0 * fps * 0.02 + 1));
    }
}
