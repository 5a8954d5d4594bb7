package io.nightjar.recorder.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PortRangeTest {
    @Property
    void everyPairIsAnEvenPortAndTheNextInsideTheRange(@ForAll @IntRange(min = 1024, max = 65_535) int a,
                                                       @ForAll @IntRange(min = 1, max = 3000) int width) {
        int first = a;
        int last = Math.min(65_535, a + width);
        PortRange r;
        try {
            r = new PortRange(first, last);
        } catch (IllegalArgumentException e) {
            assertThat(last - first).as("only a range without an even port followed by another is refused").isLessThanOrEqualTo(1);
            return;
        }
        for (int i = 0; i < r.pairs(); i++) {
            int p = r.rtpPort(i);
            assertThat(p % 2).isZero();
            assertThat(p).isGreaterThanOrEqualTo(first);
            assertThat(p + 1).isLessThanOrEqualTo(last);
        }
        int firstEven = first % 2 == 0 ? first : first + 1;
        assertThat(r.pairs()).as("no pair left out").isEqualTo((last - firstEven + 1) / 2);
    }

    @Property
    void parseReadsWhatToStringWrites(@ForAll @IntRange(min = 1024, max = 60_000) int a, @ForAll @IntRange(min = 2, max = 5000) int width) {
        PortRange r = new PortRange(a, a + width);
        assertThat(PortRange.parse(r.toString())).isEqualTo(r);
    }

    @Test
    void malformedRangesAreRefusedWithTheForm() {
        for (String bad : new String[] {"", "40000", "40000-", "-40000", "a-b", "50000-40000", "80-90", "40000-70000", "40001-40001"}) {
            assertThatThrownBy(() -> PortRange.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> PortRange.parse("x")).hasMessageContaining("40000-40999");
        assertThat(PortRange.parse(" 40000 - 40001 ").pairs()).isEqualTo(1);
    }
}
