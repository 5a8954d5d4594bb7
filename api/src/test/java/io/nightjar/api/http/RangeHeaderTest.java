package io.nightjar.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The Range header as RFC 9110 14.1 writes it. */
class RangeHeaderTest {
    @Test
    void formsOfOneRange() {
        assertThat(HttpApiHandler.parseRanges("bytes=0-99", 1000)).containsExactly(new long[] {0, 99});
        assertThat(HttpApiHandler.parseRanges("bytes=900-", 1000)).containsExactly(new long[] {900, 999});
        assertThat(HttpApiHandler.parseRanges("bytes=-50", 1000)).containsExactly(new long[] {950, 999});
        assertThat(HttpApiHandler.parseRanges("bytes=-5000", 1000)).containsExactly(new long[] {0, 999});
        assertThat(HttpApiHandler.parseRanges("bytes=990-2000", 1000)).containsExactly(new long[] {990, 999});
    }

    @Test
    void unsatisfiableIsEmptyAndMalformedIsIgnored() {
        assertThat(HttpApiHandler.parseRanges("bytes=1000-", 1000)).isEmpty();
        assertThat(HttpApiHandler.parseRanges("bytes=-0", 1000)).isEmpty();
        assertThat(HttpApiHandler.parseRanges("bytes=5-2", 1000)).isNull();
        assertThat(HttpApiHandler.parseRanges("bytes=x-y", 1000)).isNull();
        assertThat(HttpApiHandler.parseRanges("items=0-1", 1000)).isNull();
        assertThat(HttpApiHandler.parseRanges("bytes=0-1,1-2", 1000)).as("overlapping").isNull();
        assertThat(HttpApiHandler.parseRanges("bytes=" + "0-0,".repeat(17) + "5-6", 1000)).as("too many").isNull();
    }

    @Property
    void everyRangeReturnedLiesInsideTheBody(@ForAll @LongRange(min = 1, max = 1_000_000) long total, @ForAll @LongRange(min = -10, max = 2_000_000) long a,
                                             @ForAll @LongRange(min = -10, max = 2_000_000) long b) {
        for (String spec : List.of(a + "-" + b, a + "-", "-" + b, a + "-" + b + "," + (b + 10) + "-")) {
            List<long[]> r = HttpApiHandler.parseRanges("bytes=" + spec, total);
            if (r != null) {
                for (long[] x : r) {
                    assertThat(x[0]).isBetween(0L, total - 1);
                    assertThat(x[1]).isBetween(x[0], total - 1);
                }
            }
        }
    }
}
