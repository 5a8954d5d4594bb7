package io.nightjar.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightjar.api.service.SpanView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The site's spans from each node's: recorded wherever any node recorded, gaps with the reason of the node whose footage ended. */
class SpanStitchTest {
    static final long T = 1_780_000_000_000L;

    @Test
    void aFailoverIsOneGapBetweenTwoNodesFootageWithTheDeadNodesReasonMissingAndAnOverlapIsOneSpan() {
        List<SpanView> n2 = List.of(rec(0, 100_000), gap(100_000, 200_000, "camera offline"));
        List<SpanView> n1 = List.of(gap(0, 108_000, "no recording"), rec(108_000, 200_000));
        assertThat(SpanStitch.stitch(List.of(n1, n2), T, T + 200_000)).containsExactly(rec(0, 100_000),
                gap(100_000, 108_000, "camera offline"), rec(108_000, 200_000));
        List<SpanView> handoff = List.of(gap(0, 95_000, "no recording"), rec(95_000, 200_000));
        assertThat(SpanStitch.stitch(List.of(n2, handoff), T, T + 200_000)).containsExactly(rec(0, 200_000));
    }

    @Test
    void oneNodeAloneIsItsOwnSpansAndNothingAnywhereIsOneGap() {
        List<SpanView> one = List.of(gap(0, 10_000, "camera offline"), rec(10_000, 50_000), gap(50_000, 60_000, "Nightjar stopped"));
        assertThat(SpanStitch.stitch(List.of(one), T, T + 60_000)).isEqualTo(one);
        assertThat(SpanStitch.stitch(List.of(List.of(), List.of()), T, T + 60_000)).containsExactly(gap(0, 60_000, "no recording"));
    }

    @Property
    void theStitchedSpansCoverTheRangeInOrderAlternatingAndRecordedExactlyWhereSomeNodeRecorded(
            @ForAll("nodes") List<List<long[]>> nodes) {
        List<List<SpanView>> byNode = new ArrayList<>();
        for (List<long[]> intervals : nodes) {
            List<SpanView> spans = new ArrayList<>();
            intervals.forEach(i -> spans.add(rec(i[0], i[1])));
            byNode.add(spans);
        }
        List<SpanView> out = SpanStitch.stitch(byNode, T, T + 1_000_000);
        // as on one node (SpanQuery), footage that starts within the tolerance of the range's start is not preceded by a gap
        assertThat(out.get(0).startMs()).isBetween(T, T + SpanStitch.TOLERANCE_MS);
        assertThat(out.get(out.size() - 1).endMs()).isBetween(T + 1_000_000 - SpanStitch.TOLERANCE_MS, T + 1_000_000L);
        for (int i = 1; i < out.size(); i++) {
            assertThat(out.get(i).startMs()).isEqualTo(out.get(i - 1).endMs());
            assertThat(out.get(i).recorded()).isNotEqualTo(out.get(i - 1).recorded());
        }
        for (long t = T; t < T + 1_000_000; t += 997) {
            long at = t;
            boolean anyNode = nodes.stream().flatMap(List::stream).anyMatch(i -> T + i[0] <= at && at < T + i[1]);
            boolean stitched = out.stream().anyMatch(s -> s.recorded() && s.startMs() <= at && at < s.endMs());
            if (anyNode) {
                assertThat(stitched).as("recorded at %d", at - T).isTrue();
            } else if (stitched) {
                // only a gap shorter than the tolerance may be bridged
                long nearest = nodes.stream().flatMap(List::stream).mapToLong(i -> Math.min(Math.abs(T + i[0] - at), Math.abs(T + i[1] - at)))
                        .min().orElse(Long.MAX_VALUE);
                assertThat(nearest).as("bridged at %d", at - T).isLessThanOrEqualTo(SpanStitch.TOLERANCE_MS);
            }
        }
    }

    @Provide
    Arbitrary<List<List<long[]>>> nodes() {
        Arbitrary<long[]> interval = Arbitraries.longs().between(0, 990_000).flatMap(start ->
                Arbitraries.longs().between(1, 200_000).map(len -> new long[] {start, Math.min(1_000_000, start + len)}));
        return interval.list().ofMaxSize(6).list().ofMinSize(1).ofMaxSize(4);
    }

    static SpanView rec(long from, long to) {
        return new SpanView(Instant.ofEpochMilli(T + from).toString(), Instant.ofEpochMilli(T + to).toString(), T + from, T + to, true, null);
    }

    static SpanView gap(long from, long to, String reason) {
        return new SpanView(Instant.ofEpochMilli(T + from).toString(), Instant.ofEpochMilli(T + to).toString(), T + from, T + to, false, reason);
    }
}
