package io.nightjar.storage.writer;

import io.netty.buffer.ByteBuf;
import io.nightjar.recorder.memory.MemoryBudget;
import io.nightjar.recorder.memory.MemoryUse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The writer thread's buffer for direct I/O: a block-aligned, off-heap buffer of fixed size,
 * allocated once and charged to the footage budget ({@link MemoryUse#STAGING}). An append's parts
 * are copied into it, followed by a zeroed {@code free} box up to the next block boundary, and
 * handed out in chunks whose length is a multiple of the block size: an append larger than the
 * buffer simply takes several chunks. The buffer never grows, so the writer never asks for memory
 * while it works (growing it once meant {@code allocateDirect} on the writer thread, which waits
 * when direct memory is short). Reused for every file of every camera (one writer thread).
 */
final class AlignedStaging implements AutoCloseable {
    /** Smallest ISO-BMFF box: a 32-bit size and a four-character type. */
    static final int BOX_HEADER = 8;
    /** The largest block size supported for direct I/O; larger file systems are written buffered. */
    static final int MAX_ALIGNMENT = 64 * 1024;
    /** Default size: several fragments of a high-bitrate camera, so nearly every append is one write. */
    static final int DEFAULT_CAPACITY = 4 << 20;
    private static final byte[] FREE = "free".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ZEROS = new byte[MAX_ALIGNMENT];

    /** Receives each filled chunk, positioned at 0. */
    interface ChunkSink {
        void write(ByteBuffer chunk) throws IOException;
    }

    private final ByteBuffer aligned;
    private final MemoryBudget budget;
    private final byte[] boxHeader = new byte[BOX_HEADER];

    /** @param capacity bytes, rounded up to a multiple of {@link #MAX_ALIGNMENT} */
    AlignedStaging(int capacity, MemoryBudget budget) {
        int c = Math.max(MAX_ALIGNMENT, (capacity + MAX_ALIGNMENT - 1) / MAX_ALIGNMENT * MAX_ALIGNMENT);
        this.aligned = ByteBuffer.allocateDirect(c + MAX_ALIGNMENT).alignedSlice(MAX_ALIGNMENT);
        this.budget = budget;
        budget.acquire(MemoryUse.STAGING, c + MAX_ALIGNMENT);
    }

    int capacity() {
        return aligned.capacity();
    }

    /** Bytes of padding ({@code free} box included) that bring {@code length} to a block boundary. */
    static int padding(long length, int alignment) {
        int pad = (int) ((alignment - length % alignment) % alignment);
        return pad > 0 && pad < BOX_HEADER ? pad + alignment : pad;
    }

    /** True when an append of {@code length} bytes takes more than one chunk. */
    boolean needsChunks(long length, int alignment) {
        return length + padding(length, alignment) > aligned.capacity();
    }

    /**
     * Copies the readable bytes of {@code parts[0..count)} and their padding through the buffer,
     * handing {@code sink} every chunk (each a multiple of {@code alignment}, the last one padded).
     * The parts are not modified. Returns the bytes handed out in all.
     */
    long copy(int alignment, ByteBuf[] parts, int count, ChunkSink sink) throws IOException {
        if (alignment > MAX_ALIGNMENT || MAX_ALIGNMENT % alignment != 0) {
            throw new IllegalArgumentException("unsupported block size " + alignment);
        }
        long length = 0;
        for (int i = 0; i < count; i++) {
            length += parts[i].readableBytes();
        }
        int pad = padding(length, alignment);
        ByteBuffer b = aligned.clear();
        for (int i = 0; i < count; i++) {
            ByteBuf p = parts[i];
            int index = p.readerIndex();
            int remaining = p.readableBytes();
            while (remaining > 0) {
                int n = Math.min(remaining, b.remaining());
                b.limit(b.position() + n);
                p.getBytes(index, b);
                b.limit(b.capacity());
                index += n;
                remaining -= n;
                flushIfFull(b, sink);
            }
        }
        if (pad > 0) {
            ByteBuffer.wrap(boxHeader).putInt(pad).put(FREE);
            put(b, boxHeader, BOX_HEADER, sink);
            int zeros = pad - BOX_HEADER;
            while (zeros > 0) { // never leave earlier footage (another camera's) in the padding
                int n = Math.min(zeros, ZEROS.length);
                put(b, ZEROS, n, sink);
                zeros -= n;
            }
        }
        if (b.position() > 0) {
            sink.write(b.flip());
        }
        return length + pad;
    }

    private static void put(ByteBuffer b, byte[] src, int length, ChunkSink sink) throws IOException {
        int off = 0;
        while (off < length) {
            int n = Math.min(length - off, b.remaining());
            b.put(src, off, n);
            off += n;
            flushIfFull(b, sink);
        }
    }

    private static void flushIfFull(ByteBuffer b, ChunkSink sink) throws IOException {
        if (!b.hasRemaining()) {
            sink.write(b.flip());
            b.clear();
        }
    }

    /** Gives the buffer's charge back (the memory itself goes with the object). */
    @Override
    public void close() {
        budget.release(MemoryUse.STAGING, aligned.capacity() + MAX_ALIGNMENT);
    }
}
