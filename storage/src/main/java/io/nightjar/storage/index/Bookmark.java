package io.nightjar.storage.index;

/**
 * A bookmark as the index keeps it: a named moment (or range) of a camera's footage.
 *
 * @param id            bookmark id (the key)
 * @param camera        camera id
 * @param timeMicros    the moment, or the start of the range (UTC µs)
 * @param endMicros     end of the range, or null for a moment
 * @param label         the operator's words (may be empty)
 * @param createdBy     who made it
 * @param createdMicros when
 */
public record Bookmark(long id, String camera, long timeMicros, Long endMicros, String label, String createdBy, long createdMicros) {
}
