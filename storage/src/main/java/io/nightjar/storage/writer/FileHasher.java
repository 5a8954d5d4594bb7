package io.nightjar.storage.writer;

import io.nightjar.storage.StorageLayout;
import io.nightjar.storage.index.FileRecord;
import io.nightjar.storage.index.TimeIndex;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals closed files with their SHA-256 (over the indexed length): the digest the writer kept while
 * writing ({@link #seal}), or, for files recovered after a crash, one computed on a background
 * thread from the file itself ({@link #submit}).
 */
public final class FileHasher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FileHasher.class);

    private final TimeIndex index;
    private final StorageLayout layout;
    private final ExecutorService executor;
    private final AtomicInteger pending = new AtomicInteger();

    public FileHasher(TimeIndex index, StorageLayout layout) {
        this.index = index;
        this.layout = layout;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "storage-hash");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
    }

    /** Queues a closed file for hashing. */
    public void submit(long fileId) {
        pending.incrementAndGet();
        executor.execute(() -> {
            try {
                hash(fileId);
            } catch (RuntimeException e) {
                LOG.error("could not hash file {}", fileId, e);
            } finally {
                pending.decrementAndGet();
            }
        });
    }

    /**
     * Seals a closed file with the SHA-256 its writer computed over every byte it wrote (the file's
     * whole indexed length), without reading it back.
     */
    public void seal(long fileId, String sha256) {
        FileRecord f = index.files().get(fileId);
        if (f != null) {
            store(fileId, f.bytes(), sha256);
        }
    }

    private void store(long fileId, long bytes, String hex) {
        FileRecord latest = index.files().get(fileId);
        if (latest != null && latest.state() == FileRecord.State.CLOSED && latest.bytes() == bytes && latest.sha256() == null) {
            index.files().put(latest.withSha256(hex));
        }
    }

    public int pending() {
        return pending.get();
    }

    private void hash(long fileId) {
        FileRecord f = index.files().get(fileId);
        if (f == null || f.state() != FileRecord.State.CLOSED || f.sha256() != null) {
            return;
        }
        try {
            store(fileId, f.bytes(), sha256(layout.resolve(f.path()), f.bytes()));
        } catch (IOException e) {
            LOG.warn("could not hash {}: {}", f.path(), e.toString());
        }
    }

    /** SHA-256 of the first {@code length} bytes of a file, as lower-case hex. */
    public static String sha256(Path file, long length) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long pos = 0;
            while (pos < length) {
                buf.clear();
                if (length - pos < buf.capacity()) {
                    buf.limit((int) (length - pos));
                }
                int n = ch.read(buf, pos);
                if (n < 0) {
                    throw new IOException(file + " is shorter (" + pos + " bytes) than its indexed length " + length);
                }
                buf.flip();
                md.update(buf);
                pos += n;
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Waits for queued hashes to finish (shutdown, tests). */
    public void awaitIdle(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (pending.get() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
