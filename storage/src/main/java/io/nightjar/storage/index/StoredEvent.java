package io.nightjar.storage.index;

/**
 * An analytics event as the index keeps it. The snapshot (a JPEG) is not part of it: it lives in
 * its own column family and is read only when asked for, so that listing events never reads one.
 *
 * @param id          unique, increasing
 * @param camera      camera id
 * @param type        event type ("motion", "light.change", …)
 * @param startMicros UTC µs
 * @param endMicros   UTC µs, or null while open
 * @param score       peak score
 * @param zone        the zone of a per-zone event, or null
 * @param area        where in the picture (normalised), or null
 * @param detail      a few words, or null
 * @param hasSnapshot whether a snapshot is stored for it ({@link EventRecords#snapshot})
 */
public record StoredEvent(long id, String camera, String type, long startMicros, Long endMicros, double score, String zone,
                          Area area, String detail, boolean hasSnapshot) {
    /** A rectangle in normalised picture coordinates. */
    public record Area(double x, double y, double w, double h) {
    }
}
