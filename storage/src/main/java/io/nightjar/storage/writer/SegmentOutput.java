package io.nightjar.storage.writer;

import com.sun.nio.file.ExtendedOpenOption;
import io.netty.buffer.ByteBuf;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One segment file being written: appends whole boxes at the end of the file and keeps the file's
 * SHA-256 as it grows, so a closed file is sealed without reading it back.
 *
 * <p>In <b>direct</b> mode the file is opened with {@code O_DIRECT}: each append is copied through
 * the writer's fixed aligned buffer (several chunks when it is larger), padded with a {@code free} box to a multiple of the file system's block size and
 * written straight to the device, so footage never passes through the page cache. Measured on the
 * fleet harness, the kernel's copy into freshly allocated page-cache pages was most of the engine's
 * CPU (see BENCHMARKS.md, "Camera fleet"); readers still read through the page cache as usual, and
 * players skip {@code free} boxes. In <b>buffered</b> mode (file systems without {@code O_DIRECT},
 * or when configured) appends are written as they are, without padding.
 *
 * <p>Used by the writer thread; in direct mode its writes complete on {@link SegmentIo}'s threads.
 */
final class SegmentOutput implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentOutput.class);
    private static final AtomicBoolean BUFFERED_FALLBACK_LOGGED = new AtomicBoolean();

    /** Alignment used when the file system reports a smaller block size. */
    static final int MIN_ALIGNMENT = 4096;

    private final Path path;
    private final FileChannel channel;
    private final SegmentIo io;
    private final int alignment;
    private int inFlight; // guarded by this
    private IOException failure; // guarded by this: the first failed write, sticky
    private long failedAt = Long.MAX_VALUE; // guarded by this
    private final MessageDigest digest;
    private long position;

    private SegmentOutput(Path path, FileChannel channel, SegmentIo io, int alignment) {
        this.path = path;
        this.channel = channel;
        this.io = io;
        this.alignment = alignment;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Creates a new file ({@code CREATE_NEW}). With {@code direct} the file is opened for direct
     * I/O when its file system allows it; otherwise, or when {@code io} is null, buffered.
     */
    static SegmentOutput create(Path path, boolean direct, SegmentIo io) throws IOException {
        if (direct && io != null) {
            SegmentOutput out = openDirect(path, io);
            if (out != null) {
                return out;
            }
        }
        return new SegmentOutput(path, FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), null, 1);
    }

    /** Opens the new file for O_DIRECT; null when the file system (or JDK) refuses direct I/O. */
    private static SegmentOutput openDirect(Path path, SegmentIo io) throws IOException {
        int alignment = alignmentFor(path.getParent());
        if (alignment < 0) {
            return null;
        }
        try {
            FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
            return new SegmentOutput(path, ch, io, alignment);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException e) {
            return directRefused(path, e); // a JDK without ExtendedOpenOption.DIRECT
        } catch (IOException e) {
            return directRefused(path, e); // EINVAL where the file system has no O_DIRECT
        }
    }

    /** Direct I/O was refused: said once, and the caller writes this file buffered. */
    private static SegmentOutput directRefused(Path path, Exception why) throws IOException {
        if (BUFFERED_FALLBACK_LOGGED.compareAndSet(false, true)) {
            LOG.warn("{}: opening a segment file for direct I/O failed ({}); writing through the page cache instead",
                    path.getParent(), why.toString());
        }
        if (Files.exists(path) && Files.size(path) == 0) {
            Files.delete(path); // open(2) may have created it before refusing O_DIRECT
        }
        return null;
    }

    /** The file system's block size for direct I/O, or -1 when it is larger than the staging buffer supports. */
    private static int alignmentFor(Path dir) throws IOException {
        long block = Files.getFileStore(dir).getBlockSize();
        if (block <= MIN_ALIGNMENT || Long.bitCount(block) != 1) {
            return MIN_ALIGNMENT;
        }
        return block > AlignedStaging.MAX_ALIGNMENT ? -1 : (int) block;
    }

    FileChannel channel() {
        return channel;
    }

    /** Bytes in the file (including any padding). */
    long position() {
        return position;
    }

    /**
     * Appends the readable bytes of {@code parts[0..count)} (whole boxes) at the end of the file,
     * followed in direct mode by a {@code free} box up to the next block boundary, and returns the
     * offset the parts start at. The parts are not modified and may be let go of on return.
     *
     * <p>In direct mode the bytes are copied into a slab and written by an I/O thread: the write
     * may still be in flight when this returns. {@link #awaitWrites()} waits for them and reports
     * the first that failed; index entries must wait for it. A failure is sticky: later appends
     * throw it at once. An append larger than a slab is written synchronously, in chunks.
     */
    long append(ByteBuf[] parts, int count) throws IOException {
        long at = position;
        synchronized (this) {
            if (failure != null) {
                throw failure;
            }
        }
        if (io == null) {
            position = at + writeBuffered(parts, count, at);
            return at;
        }
        long total = 0;
        for (int i = 0; i < count; i++) {
            total += parts[i].readableBytes();
        }
        AlignedStaging slab = io.take();
        long length;
        if (!slab.needsChunks(total, alignment)) {
            ByteBuffer[] chunk = new ByteBuffer[1];
            boolean submitted = false;
            try {
                length = slab.copy(alignment, parts, count, c -> chunk[0] = c);
                if (chunk[0] != null) { // nothing to write for an empty append
                    digest.update(chunk[0].duplicate()); // in file order; if the write fails the file is re-hashed from disk
                    synchronized (this) {
                        inFlight++;
                    }
                    try {
                        io.submit(() -> writeAsync(slab, chunk[0], at));
                        submitted = true;
                    } catch (RuntimeException e) { // the I/O threads are gone (shutting down)
                        synchronized (this) {
                            inFlight--;
                        }
                        IOException refused = new IOException("segment writes are no longer accepted: " + e, e);
                        failed(refused, at);
                        throw refused;
                    }
                }
            } finally {
                if (!submitted) {
                    io.give(slab); // a slab must never be lost: the writer would wait for it forever
                }
            }
        } else {
            try {
                awaitWrites();
                long[] pos = {at};
                length = slab.copy(alignment, parts, count, c -> {
                    ByteBuffer hashed = c.duplicate();
                    int n = c.remaining();
                    writeFully(c, pos[0]);
                    digest.update(hashed);
                    pos[0] += n;
                });
            } catch (IOException e) {
                failed(e, at);
                throw e;
            } finally {
                io.give(slab);
            }
        }
        position = at + length;
        return at;
    }

    /** On an I/O thread. */
    private void writeAsync(AlignedStaging slab, ByteBuffer chunk, long at) {
        IOException error = null;
        try {
            writeFully(chunk, at);
        } catch (IOException e) {
            error = e;
        } catch (RuntimeException e) {
            error = new IOException(e.toString(), e);
        } finally {
            io.give(slab);
        }
        synchronized (this) {
            if (error != null && at < failedAt) {
                failure = error;
                failedAt = at;
            }
            inFlight--;
            notifyAll();
        }
    }

    private synchronized void failed(IOException e, long at) {
        if (at < failedAt) {
            failure = e;
            failedAt = at;
        }
    }

    /**
     * Waits until every write of this file has reached it; throws the first failure (the file is
     * then good only up to {@link #failedAt()}). Waits on the I/O threads only.
     */
    void awaitWrites() throws IOException {
        synchronized (this) {
            while (inFlight > 0) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted waiting for segment writes");
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** Where the first failed write started (the file's good bytes end there), or {@code Long.MAX_VALUE}. */
    synchronized long failedAt() {
        return failedAt;
    }

    /** Cuts the file back to {@code length} (after a failed write); quietly, recovery redoes it if this fails. */
    void truncateQuietly(long length) {
        try {
            channel.truncate(length);
        } catch (IOException ignored) {
            // recovery truncates torn tails on the next start
        }
        position = Math.min(position, length);
    }

    /** Appends {@code parts} (convenience for whole boxes such as the init segment). */
    long append(ByteBuf... parts) throws IOException {
        return append(parts, parts.length);
    }

    private long writeBuffered(ByteBuf[] parts, int count, long at) throws IOException {
        try {
            return writeBuffered0(parts, count, at);
        } catch (IOException e) {
            failed(e, at);
            throw e;
        }
    }

    private long writeBuffered0(ByteBuf[] parts, int count, long at) throws IOException {
        int n = 0;
        for (int i = 0; i < count; i++) {
            n += parts[i].nioBufferCount();
        }
        ByteBuffer[] buffers = new ByteBuffer[n];
        ByteBuffer[] hashed = new ByteBuffer[n];
        long length = 0;
        int k = 0;
        for (int i = 0; i < count; i++) {
            for (ByteBuffer b : parts[i].nioBuffers()) {
                buffers[k] = b;
                hashed[k++] = b.duplicate();
                length += b.remaining();
            }
        }
        writeFully(buffers, at, length);
        for (ByteBuffer b : hashed) {
            digest.update(b);
        }
        return length;
    }

    private void writeFully(ByteBuffer b, long at) throws IOException {
        long pos = at;
        while (b.hasRemaining()) {
            int n = channel.write(b, pos);
            if (n <= 0) {
                throw new IOException("no progress writing " + path + " at " + pos);
            }
            pos += n;
        }
    }

    private void writeFully(ByteBuffer[] buffers, long at, long length) throws IOException {
        long remaining = length;
        channel.position(at);
        while (remaining > 0) {
            long n = channel.write(buffers);
            if (n <= 0) {
                throw new IOException("no progress writing " + path + " at " + (at + length - remaining));
            }
            remaining -= n;
        }
    }

    /** The SHA-256 of everything appended, as lower-case hex (call once, at the end, after {@link #awaitWrites()}). */
    String sha256() {
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public void close() throws IOException {
        try {
            awaitWrites();
        } catch (IOException ignored) {
            // the caller seals or deletes the file; closing must not fail on an earlier write
        }
        channel.close();
    }
}
