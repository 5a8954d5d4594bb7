package io.nightjar.cluster;

/**
 * A stretch of the catalog: {@code node} recorded {@code camera} under {@code epoch} from
 * {@code fromMicros} (when it started) until the next stretch began ({@code toMicros};
 * {@code Long.MAX_VALUE} for the current one). The catalog says where footage is; each node's own
 * index says exactly what it holds.
 */
public record CatalogSpan(String camera, String node, long epoch, long fromMicros, long toMicros) {
    /** True when the stretch overlaps {@code [from, to)}. */
    public boolean overlaps(long from, long to) {
        return fromMicros < to && toMicros > from;
    }
}
