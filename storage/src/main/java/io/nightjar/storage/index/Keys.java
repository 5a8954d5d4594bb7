package io.nightjar.storage.index;

/**
 * Key layouts of the column families (all integers big-endian, so byte order is numeric order;
 * times are UTC microseconds, non-negative):
 *
 * <pre>
 * default (meta) "schema_version" | "next_file_id" | "camera_next" | "camera/&lt;id&gt;"   (ASCII)
 * files          fileId(8)                                    → {@link FileRecord}
 * files_by_time  camera(4) | startMicros(8) | fileId(8)       → empty
 * fragments      camera(4) | startMicros(8)                   → {@link FragmentRecord} (29 bytes)
 * events         camera(4) | startMicros(8) | eventId(8)      → type-tagged record
 * event_ids      eventId(8)                                   → camera(4) | startMicros(8)
 * motion         camera(4) | epochSecond(8)                   → motion grid bitmask
 * motion_minutes camera(4) | epochMinute(8)                   → union of the minute's grids
 * holds          holdId(8)                                    → hold (JSON)
 * bookmarks      bookmarkId(8)                                → bookmark (JSON)
 * audit          timeMicros(8) | sequence(8)                  → audit record (JSON)
 * </pre>
 *
 * {@code camera} is a small integer assigned per camera id in {@code meta}, so keys stay fixed-width
 * and a camera's entries are one contiguous key range (the 4-byte prefix). The whole schema, with
 * its version and the order of writes, is in {@code docs/storage.md}.
 */
public final class Keys {
    private Keys() {
    }

    public static byte[] camTime(int camera, long micros) {
        byte[] k = new byte[12];
        putInt(k, 0, camera);
        putLong(k, 4, micros);
        return k;
    }

    public static byte[] camTimeId(int camera, long micros, long id) {
        byte[] k = new byte[20];
        putInt(k, 0, camera);
        putLong(k, 4, micros);
        putLong(k, 12, id);
        return k;
    }

    public static byte[] id(long id) {
        byte[] k = new byte[8];
        putLong(k, 0, id);
        return k;
    }

    public static byte[] timeSeq(long micros, long seq) {
        byte[] k = new byte[16];
        putLong(k, 0, micros);
        putLong(k, 8, seq);
        return k;
    }

    public static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    public static void putLong(byte[] b, int at, long v) {
        putInt(b, at, (int) (v >>> 32));
        putInt(b, at + 4, (int) v);
    }

    public static int getInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    public static long getLong(byte[] b, int at) {
        return ((long) getInt(b, at) << 32) | (getInt(b, at + 4) & 0xFFFFFFFFL);
    }
}
