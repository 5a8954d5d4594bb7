package io.nightjar.recorder.media.mp4;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * Rewrites the header of a stored fragment (prft, moof, mdat header) with a new decode time, so
 * that fragments of several files play as one continuous timeline (HLS segments). Sample data is
 * not touched: callers serve it straight from the file after the returned bytes.
 */
public final class FragmentRetimer {
    private FragmentRetimer() {
    }

    /**
     * The bytes from {@code f.offset()} to {@code f.dataOffset()} with the tfdt (and the prft's
     * media time) set to {@code baseDecodeTime}.
     */
    public static byte[] header(FileChannel ch, FragmentInfo f, long baseDecodeTime) throws IOException, Mp4FormatException {
        long n = f.dataOffset() - f.offset();
        if (n < 16 || n > (8L << 20)) {
            throw new Mp4FormatException("fragment header at " + f.offset() + " of " + n + " bytes");
        }
        byte[] h = SegmentFileReader.read(ch, f.offset(), (int) n);
        boolean retimed = false;
        for (int p = 0; p + 8 <= h.length; ) {
            int size = SegmentFileReader.getInt(h, p);
            String type = new String(h, p + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (type.equals("mdat")) {
                break;
            }
            if (size < 8 || p + size > h.length) {
                throw new Mp4FormatException("bad box size " + size + " in the fragment header at " + f.offset());
            }
            if (type.equals("prft") && size >= 32) {
                putTime(h, p + 24, (h[p + 8] & 0xFF) == 1, baseDecodeTime, f.offset());
            } else if (type.equals("moof")) {
                int tfdt = SegmentFileReader.find(h, p + 8, p + size, "traf", "tfdt");
                if (tfdt < 0) {
                    throw new Mp4FormatException("moof at " + (f.offset() + p) + " has no tfdt");
                }
                putTime(h, tfdt + 12, (h[tfdt + 8] & 0xFF) == 1, baseDecodeTime, f.offset());
                retimed = true;
            }
            p += size;
        }
        if (!retimed) {
            throw new Mp4FormatException("no moof in the fragment header at " + f.offset());
        }
        return h;
    }

    private static void putTime(byte[] h, int at, boolean wide, long value, long fragment) throws Mp4FormatException {
        if (value < 0 || (!wide && value > 0xFFFFFFFFL)) {
            throw new Mp4FormatException("decode time " + value + " does not fit the fragment at " + fragment);
        }
        int bytes = wide ? 8 : 4;
        if (at + bytes > h.length) {
            throw new Mp4FormatException("time field cut short in the fragment at " + fragment);
        }
        for (int i = bytes - 1; i >= 0; i--) {
            h[at + i] = (byte) value;
            value >>>= 8;
        }
    }
}
