package io.nightjar.storage.retention;

/**
 * An evidence hold: footage of a camera in {@code [fromMicros, toMicros)} is kept until
 * {@code untilMicros}, whatever retention says.
 *
 * @param id          hold id
 * @param camera      camera id
 * @param fromMicros  start of the protected range (UTC µs)
 * @param toMicros    end of the protected range
 * @param untilMicros the hold expires then (Long.MAX_VALUE: until removed)
 * @param reason      why (case number, incident)
 * @param createdBy   who placed it
 * @param createdMicros when
 */
public record Hold(long id, String camera, long fromMicros, long toMicros, long untilMicros, String reason, String createdBy,
                   long createdMicros) {
    public boolean activeAt(long nowMicros) {
        return untilMicros > nowMicros;
    }

    public boolean protects(String cam, long start, long end, long nowMicros) {
        return activeAt(nowMicros) && camera.equals(cam) && start < toMicros && end > fromMicros;
    }
}
