package io.nightjar.storage.index;

/**
 * One indexed fragment: where its bytes are and what time it covers.
 *
 * @param camera         camera id
 * @param startMicros    UTC µs of its first sample
 * @param fileId         the segment file
 * @param offset         file offset of the fragment (its prft box)
 * @param length         bytes (prft + moof + mdat)
 * @param durationMicros duration of its samples
 * @param frames         sample count
 * @param key            first sample is a keyframe
 */
public record FragmentRecord(String camera, long startMicros, long fileId, long offset, int length, int durationMicros,
                             int frames, boolean key) {
    static final int SIZE = 29;

    public long endMicros() {
        return startMicros + durationMicros;
    }

    byte[] encode() {
        byte[] v = new byte[SIZE];
        Keys.putLong(v, 0, fileId);
        Keys.putLong(v, 8, offset);
        Keys.putInt(v, 16, length);
        Keys.putInt(v, 20, durationMicros);
        Keys.putInt(v, 24, frames);
        v[28] = (byte) (key ? 1 : 0);
        return v;
    }

    static FragmentRecord decode(String camera, long start, byte[] v) {
        if (v.length < SIZE) {
            throw new IllegalArgumentException("fragment record of " + v.length + " bytes");
        }
        return new FragmentRecord(camera, start, Keys.getLong(v, 0), Keys.getLong(v, 8), Keys.getInt(v, 16),
                Keys.getInt(v, 20), Keys.getInt(v, 24), v[28] == 1);
    }
}
