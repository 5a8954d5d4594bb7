package io.nightjar.storage.writer;

import io.nightjar.storage.index.TimeIndex;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps recorded data durable on a thread of its own, so an fsync (milliseconds to seconds on a
 * busy disk) never holds up the ring: every interval it fsyncs the segment files written since the
 * last pass, then syncs the index write-ahead log. Closing files (fsync, close, then hashing) happens
 * here too. A power cut therefore loses at most one interval; a killed process loses nothing that
 * was written.
 */
public final class Durability implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Durability.class);

    private final TimeIndex index;
    private final FileHasher hasher;
    private final int intervalMillis;
    private final Set<FileChannel> dirty = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService executor;

    public Durability(TimeIndex index, FileHasher hasher, int intervalMillis) {
        this.index = index;
        this.hasher = hasher;
        this.intervalMillis = intervalMillis;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "storage-sync");
            t.setDaemon(true);
            return t;
        });
        if (intervalMillis > 0) {
            executor.scheduleWithFixedDelay(this::syncDirty, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** After a fragment write: sync now (interval 0) or at the next pass. */
    public void written(FileChannel channel) {
        if (intervalMillis == 0) {
            force(channel);
            index.syncWal();
        } else if (intervalMillis > 0) {
            dirty.add(channel);
        }
    }

    /**
     * Fsyncs and closes a finished file off the writer thread, then seals it with the SHA-256 the
     * writer computed while writing it (or, when {@code sha256} is null, has it hashed from disk).
     */
    public void close(FileChannel channel, long fileId, String sha256) {
        dirty.remove(channel);
        executor.execute(() -> {
            force(channel);
            try {
                channel.close();
            } catch (IOException e) {
                LOG.warn("closing segment file {}: {}", fileId, e.toString());
            }
            index.syncWal();
            if (sha256 != null) {
                hasher.seal(fileId, sha256);
            } else {
                hasher.submit(fileId);
            }
        });
    }

    private void syncDirty() {
        try {
            boolean any = false;
            for (FileChannel ch : dirty) {
                dirty.remove(ch);
                force(ch);
                any = true;
            }
            if (any) {
                index.syncWal();
            }
        } catch (RuntimeException e) {
            LOG.error("periodic sync failed", e);
        }
    }

    private static void force(FileChannel ch) {
        try {
            ch.force(false);
        } catch (ClosedChannelException e) {
            // already closed: it was synced before closing
        } catch (IOException e) {
            LOG.error("fsync failed: {}", e.toString());
        }
    }

    /** Runs a final sync and waits for queued closes. */
    @Override
    public void close() {
        executor.execute(this::syncDirty);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("storage sync thread did not finish within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
