package io.nightjar.storage.writer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The writer thread's buffer for direct I/O: a block-aligned, off-heap buffer into which an append
 * is copied and then padded with a zeroed {@code free} box up to the next block boundary. It grows
 * to the largest append seen and is reused for every file of every camera (one writer thread).
 */
final class AlignedStaging {
    /** Smallest ISO-BMFF box: a 32-bit size and a four-character type. */
    static final int BOX_HEADER = 8;
    private static final byte[] FREE = "free".getBytes(StandardCharsets.US_ASCII);

    private ByteBuffer aligned = ByteBuffer.allocate(0);
    private int alignment;

    /** Bytes of padding ({@code free} box included) that bring {@code length} to a block boundary. */
    static int padding(long length, int alignment) {
        int pad = (int) ((alignment - length % alignment) % alignment);
        return pad > 0 && pad < BOX_HEADER ? pad + alignment : pad;
    }

    /**
     * Copies {@code parts} and their padding into the buffer; returns a view positioned at 0 whose
     * length is a multiple of {@code alignment}. The parts are not modified.
     */
    ByteBuffer fill(int alignment, ByteBuffer... parts) {
        long length = 0;
        for (ByteBuffer p : parts) {
            length += p.remaining();
        }
        int pad = padding(length, alignment);
        long total = length + pad;
        if (total > Integer.MAX_VALUE - 2L * alignment) {
            throw new IllegalArgumentException("an append of " + length + " bytes is too large");
        }
        ensure((int) total, alignment);
        ByteBuffer b = aligned.clear();
        for (ByteBuffer p : parts) {
            b.put(p.duplicate());
        }
        if (pad > 0) {
            b.putInt(pad).put(FREE);
            for (int i = BOX_HEADER; i < pad; i++) {
                b.put((byte) 0); // never leave earlier footage (another camera's) in the padding
            }
        }
        return b.flip();
    }

    private void ensure(int total, int alignment) {
        if (aligned.isDirect() && aligned.capacity() >= total && this.alignment % alignment == 0) {
            return;
        }
        int capacity = Math.max(total, Math.min(Integer.MAX_VALUE / 2, Math.max(aligned.capacity() * 2, 1 << 20)));
        capacity = (capacity + alignment - 1) / alignment * alignment;
        ByteBuffer raw = ByteBuffer.allocateDirect(capacity + alignment);
        aligned = raw.alignedSlice(alignment);
        this.alignment = alignment;
    }
}
