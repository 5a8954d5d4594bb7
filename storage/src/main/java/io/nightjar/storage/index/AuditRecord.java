package io.nightjar.storage.index;

/**
 * One audited action as the index keeps it. Every field but the time and action may be null.
 *
 * @param timeMicros when (UTC µs; the key)
 * @param user       who
 * @param remote     from which address
 * @param action     what ("playback", "export", "hold.create", …), or null for an unreadable record
 * @param camera     on which camera
 * @param fromMicros start of the footage concerned
 * @param toMicros   end of the footage concerned
 * @param detail     anything else (URLs without user information)
 */
public record AuditRecord(long timeMicros, String user, String remote, String action, String camera, Long fromMicros, Long toMicros,
                          String detail) {
    /** What a record that cannot be decoded reads as: its time, and no action. */
    static AuditRecord unreadable(long timeMicros) {
        return new AuditRecord(timeMicros, null, null, null, null, null, null, null);
    }

    /** False for a record that could not be decoded. */
    public boolean readable() {
        return action != null;
    }
}
