package io.nightjar.storage.read;

/**
 * A stretch of time: recorded, or a gap with its reason when known.
 *
 * @param startMicros UTC µs
 * @param endMicros   UTC µs
 * @param recorded    footage exists for the whole stretch
 * @param reason      for gaps: why there is no footage (camera offline, Nightjar stopped, disk error,
 *                    ...), or "no recording" when unknown; null for recorded spans
 */
public record Span(long startMicros, long endMicros, boolean recorded, String reason) {
    public long durationMicros() {
        return endMicros - startMicros;
    }
}
