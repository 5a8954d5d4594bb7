package io.nightjar.storage.writer;

import com.sun.nio.file.ExtendedOpenOption;
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
 * <p>In <b>direct</b> mode the file is opened with {@code O_DIRECT}: each append is copied into an
 * aligned buffer, padded with a {@code free} box to a multiple of the file system's block size and
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
    private final MessageDigest digest;
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

    private static int alignmentFor(Path dir) throws IOException {
        long block = Files.getFileStore(dir).getBlockSize();
        if (block <= MIN_ALIGNMENT || Long.bitCount(block) != 1 || block > (1 << 20)) {
            return MIN_ALIGNMENT;
        }
        return (int) block;
    }

    FileChannel channel() {
        return channel;
    }

    /** Bytes in the file (including any padding). */
    long position() {
        return position;
    }

    /**
     * Appends {@code parts} (whole boxes) at the end of the file, followed in direct mode by a
     * {@code free} box up to the next block boundary. Returns the offset the parts start at. On an
     * I/O error the file is cut back to where it ended before the call and the error is rethrown.
     */
    long append(ByteBuffer... parts) throws IOException {
        long at = position;
        ByteBuffer[] out = staging != null ? new ByteBuffer[] {staging.fill(alignment, parts)} : parts;
        ByteBuffer[] written = new ByteBuffer[out.length];
        long length = 0;
        for (int i = 0; i < out.length; i++) {
            written[i] = out[i].duplicate();
            length += out[i].remaining();
        }
        try {
            if (out.length == 1) {
                writeFully(out[0], at);
            } else {
                writeFully(out, at, length);
            }
        } catch (IOException e) {
            try {
                channel.truncate(at); // drop the torn write; the file ends at its last whole box
            } catch (IOException ignored) {
                // recovery truncates torn tails on the next start
            }
            throw e;
        }
        for (ByteBuffer b : written) {
            digest.update(b); // only what reached the file, in file order
        }
        position = at + length;
        return at;
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
