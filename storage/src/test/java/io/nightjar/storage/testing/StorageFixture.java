package io.nightjar.storage.testing;

import io.nightjar.recorder.ring.FrameRing;
import io.nightjar.recorder.ring.StreamRef;
import io.nightjar.recorder.testing.ClipFeeder;
import io.nightjar.recorder.testing.TestClips;
import io.nightjar.storage.Storage;
import io.nightjar.storage.StorageConfig;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** A data directory with storage opened and a frame ring feeding its writer. */
public final class StorageFixture implements AutoCloseable {
    public final Path root;
    public final Storage storage;
    public final FrameRing ring;
    private boolean closed;

    public StorageFixture(Path root, UnaryOperator<StorageConfig> configure) {
        this.root = root;
        StorageConfig config = configure.apply(StorageConfig.defaults(root).withRetention(
                io.nightjar.storage.retention.RetentionPolicy::unlimited, 0));
        this.storage = Storage.open(config);
        this.ring = FrameRing.builder().size(1024).idleMillis(50).budget(config.budget()).consumer(storage.writer()).start();
    }

    public StorageFixture(Path root) {
        this(root, c -> c);
    }

    public ClipFeeder feeder(String camera, TestClips.Clip clip) {
        return new ClipFeeder(clip, StreamRef.main(camera), ring);
    }

    /** Waits until the writer consumed everything published. */
    public void drain() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (ring.occupancy() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
    }

    /** A clean stop: the ring drains, files close, hashes are computed, the index closes. */
    @Override
    public void close() throws InterruptedException {
        if (closed) {
            return;
        }
        closed = true;
        ring.close();
        storage.hasher().awaitIdle(30_000);
        storage.close();
    }
}
