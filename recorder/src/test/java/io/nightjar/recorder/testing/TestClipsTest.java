package io.nightjar.recorder.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightjar.recorder.media.CodecConfig;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The committed clips are what the tests that use them ask for: size, length, keyframes, parameter sets. */
class TestClipsTest {
    @Test
    void theCommittedH264ClipGivesEveryLengthUpToFourSeconds() {
        for (int seconds : new int[] {1, 2, 4}) {
            TestClips.Clip c = TestClips.h264(320, 180, 25, 25, seconds);
            assertThat(c.size()).isEqualTo(25 * seconds);
            assertThat(IntStream.range(0, c.size()).filter(i -> c.keys().get(i)).boxed().toList())
                    .as("a keyframe every second").isEqualTo(IntStream.range(0, seconds).map(i -> i * 25).boxed().toList());
            CodecConfig config = c.config();
            assertThat(config.spsInfo().width()).isEqualTo(320);
            assertThat(config.spsInfo().height()).isEqualTo(180);
        }
    }

    @Test
    void theCommittedH265ClipIsOneSecond() {
        TestClips.Clip c = TestClips.h265(320, 180, 25, 25, 1);
        assertThat(c.size()).isEqualTo(25);
        assertThat(c.keys().get(0)).isTrue();
        assertThat(c.config().spsInfo().width()).isEqualTo(320);
    }
}
