package io.nightjar.recorder.media.mp4;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Writes ISO-BMFF boxes into a {@link ByteBuf}: {@link #begin} reserves the size field,
 * {@link #end} patches it, so nested boxes are written in one pass without precomputing sizes.
 */
public final class Boxes {
    private Boxes() {
    }

    /** Starts a box; returns its start index for {@link #end}. */
    public static int begin(ByteBuf out, String type) {
        int start = out.writerIndex();
        out.writeInt(0);
        out.writeCharSequence(type, StandardCharsets.US_ASCII);
        return start;
    }

    /** Starts a full box (version and flags). */
    public static int beginFull(ByteBuf out, String type, int version, int flags) {
        int start = begin(out, type);
        out.writeInt((version << 24) | (flags & 0xFFFFFF));
        return start;
    }

    public static void end(ByteBuf out, int start) {
        out.setInt(start, out.writerIndex() - start);
    }

    public static int fourcc(String type) {
        byte[] b = type.getBytes(StandardCharsets.US_ASCII);
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    public static String fourccString(int v) {
        return new String(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v}, StandardCharsets.ISO_8859_1);
    }

    /** A 3x3 unity matrix, as tkhd and mvhd carry. */
    public static void unityMatrix(ByteBuf out) {
        int[] m = {0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000};
        for (int v : m) {
            out.writeInt(v);
        }
    }

    /** sample_flags of ISO-BMFF 8.8.3.1: a sync sample, or one that depends on others. */
    public static int sampleFlags(boolean key) {
        // is_leading=0, sample_depends_on = 2 (no) / 1 (yes), is_non_sync_sample = !key
        return key ? 0x02000000 : 0x01010000;
    }

    public static boolean isKey(int sampleFlags) {
        return (sampleFlags & 0x00010000) == 0;
    }
}
