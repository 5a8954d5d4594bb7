package io.nightjar.storage.retention;

/**
 * What is actually kept for a camera: the proof a technician shows ("30 days are kept").
 *
 * @param camera          camera id
 * @param oldestMicros    start of the oldest footage kept, or 0 when none
 * @param newestMicros    end of the newest footage
 * @param keptSeconds     from the oldest footage to now
 * @param targetSeconds   the age rule, 0 when unlimited
 * @param recordedSeconds sum of recorded time (without gaps)
 * @param bytes           bytes on disk
 * @param files           segment files
 * @param targetMet       true when keptSeconds covers the target (or there is no target)
 */
public record AchievedRetention(String camera, long oldestMicros, long newestMicros, long keptSeconds, long targetSeconds,
                                long recordedSeconds, long bytes, int files, boolean targetMet) {
}
