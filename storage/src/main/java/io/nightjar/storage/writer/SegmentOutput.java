package io.nightjar.storage.writer;

import com.sun.nio.file.ExtendedOpenOption;
import io.netty.buffer.ByteBuf;
import java.io.Closeable;
import java.io.IOException;
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
 * <p>Not thread-safe: used by the writer thread only, like the {@link AlignedStaging} it shares.
 */
final class SegmentOutput implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentOutput.class);
    private static final AtomicBoolean BUFFERED_FALLBACK_LOGGED = new AtomicBoolean();

    /** Alignment used when the file system reports a smaller block size. */
    static final int MIN_ALIGNMENT = 4096;

    private final Path path;
    private final FileChannel channel;
    private final AlignedStaging staging;
    private final int alignment;
    private MessageDigest digest;
    private long position;

    private SegmentOutput(Path path, FileChannel channel, AlignedStaging staging, int alignment) {
        this.path = path;
        this.channel = channel;
        this.staging = staging;
        this.alignment = alignment;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Creates a new file ({@code CREATE_NEW}). With {@code direct} the file is opened for direct
     * I/O when its file system allows it; otherwise, or when {@code staging} is null, buffered.
     */
    static SegmentOutput create(Path path, boolean direct, AlignedStaging staging) throws IOException {
        if (direct && staging != null) {
            SegmentOutput out = openDirect(path, staging);
            if (out != null) {
                return out;
            }
        }
        return new SegmentOutput(path, FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), null, 1);
    }

    /** Opens the new file for O_DIRECT; null when the file system (or JDK) refuses direct I/O. */
    private static SegmentOutput openDirect(Path path, AlignedStaging staging) throws IOException {
        int alignment = alignmentFor(path.getParent());
        if (alignment < 0) {
            return null;
        }
        try {
            FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
            return new SegmentOutput(path, ch, staging, alignment);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | IOException e) {
            // Refused (EINVAL where the file system has no O_DIRECT): the caller writes it buffered.
            if (BUFFERED_FALLBACK_LOGGED.compareAndSet(false, true)) {
                LOG.warn("{}: opening a segment file for direct I/O failed ({}); writing through the page cache instead",
                        path.getParent(), e.toString());
            }
            if (Files.exists(path) && Files.size(path) == 0) {
                Files.delete(path); // open(2) may have created it before refusing O_DIRECT
            }
            return null;
        }
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
     * followed in direct mode by a {@code free} box up to the next block boundary. Returns the
     * offset the parts start at. The parts are not modified. On an I/O error the file is cut back to
     * where it ended before the call, the hash forgets the torn bytes, and the error is rethrown.
     */
    long append(ByteBuf[] parts, int count) throws IOException {
        long at = position;
        long length;
        MessageDigest before = null;
        try {
            if (staging != null) {
                long total = 0;
                for (int i = 0; i < count; i++) {
                    total += parts[i].readableBytes();
                }
                if (staging.needsChunks(total, alignment)) {
                    before = cloneDigest(); // chunks are hashed as they are written: keep a way back
                }
                long[] pos = {at};
                length = staging.copy(alignment, parts, count, chunk -> {
                    ByteBuffer hashed = chunk.duplicate();
                    int n = chunk.remaining();
                    writeFully(chunk, pos[0]);
                    digest.update(hashed); // only what reached the file, in file order
                    pos[0] += n;
                });
            } else {
                length = writeBuffered(parts, count, at);
            }
        } catch (IOException e) {
            try {
                channel.truncate(at); // drop the torn write; the file ends at its last whole box
            } catch (IOException ignored) {
                // recovery truncates torn tails on the next start
            }
            if (before != null) {
                digest = before;
            }
            throw e;
        }
        position = at + length;
        return at;
    }

    /** Appends {@code parts} (convenience for whole boxes such as the init segment). */
    long append(ByteBuf... parts) throws IOException {
        return append(parts, parts.length);
    }

    private long writeBuffered(ByteBuf[] parts, int count, long at) throws IOException {
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

    private MessageDigest cloneDigest() {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests can be cloned on every supported JDK", e);
        }
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

    /** The SHA-256 of everything appended, as lower-case hex (call once, at the end). */
    String sha256() {
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
