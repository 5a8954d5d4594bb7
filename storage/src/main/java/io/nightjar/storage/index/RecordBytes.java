package io.nightjar.storage.index;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The building blocks of the index's binary values: a leading version byte, then big-endian
 * integers and strings as {@code i32 length, UTF-8 bytes} (no 64 KiB limit, unlike
 * {@code writeUTF}). A {@link Reader} checks every length against what is left, so a damaged
 * value is a clear error, never a huge allocation. Used by the codecs of holds, bookmarks and audit
 * entries.
 */
public final class RecordBytes {
    private RecordBytes() {
    }

    /** True when {@code value} is a version-1 record of the JSON era (its first byte is {@code '{'}). */
    public static boolean isJson(byte[] value) {
        return value.length > 0 && value[0] == '{';
    }

    /** Writes one value. */
    public static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        private final byte[] scratch = new byte[8];

        /** A value that starts with {@code version}. */
        public Writer(int version) {
            u8(version);
        }

        public Writer u8(int v) {
            out.write(v);
            return this;
        }

        public Writer i64(long v) {
            ByteBuffer.wrap(scratch).putLong(v);
            out.write(scratch, 0, 8);
            return this;
        }

        /** A string; null is not allowed (say absence with a flag). */
        public Writer string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            ByteBuffer.wrap(scratch).putInt(b.length);
            out.write(scratch, 0, 4);
            out.write(b, 0, b.length);
            return this;
        }

        public byte[] toBytes() {
            return out.toByteArray();
        }
    }

    /** Reads one value; every read fails with {@link IllegalArgumentException} naming {@code what} when the value is cut short. */
    public static final class Reader {
        private final ByteBuffer in;
        private final String what;
        private final int version;

        public Reader(byte[] value, String what) {
            this.in = ByteBuffer.wrap(value);
            this.what = what;
            need(1);
            this.version = in.get() & 0xFF;
        }

        /** The value's version byte. */
        public int version() {
            return version;
        }

        public int u8() {
            need(1);
            return in.get() & 0xFF;
        }

        public long i64() {
            need(8);
            return in.getLong();
        }

        public String string() {
            need(4);
            int n = in.getInt();
            if (n < 0 || n > in.remaining()) {
                throw new IllegalArgumentException(what + ": a string of " + n + " bytes where " + in.remaining() + " are left");
            }
            String s = new String(in.array(), in.position(), n, StandardCharsets.UTF_8);
            in.position(in.position() + n);
            return s;
        }

        private void need(int n) {
            if (in.remaining() < n) {
                throw new IllegalArgumentException(what + ": record cut short");
            }
        }
    }
}
