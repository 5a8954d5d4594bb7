package io.nightjar.storage;

import io.nightjar.storage.index.FileRecord;
import io.nightjar.storage.index.TimeIndex;
import io.nightjar.storage.read.HlsPlaylist;
import io.nightjar.storage.read.Mp4Exporter;
import io.nightjar.storage.read.Span;
import io.nightjar.storage.read.SpanQuery;
import io.nightjar.storage.read.Verifier;
import io.nightjar.storage.recovery.Recovery;
import io.nightjar.storage.retention.HoldStore;
import io.nightjar.storage.retention.Retention;
import io.nightjar.storage.writer.Durability;
import io.nightjar.storage.writer.FileHasher;
import io.nightjar.storage.writer.SegmentWriter;
import io.nightjar.recorder.media.mp4.Mp4FormatException;
import io.nightjar.storage.read.HlsSegment;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A data directory, opened: the index, start-up recovery, the segment writer (to register on the
 * frame ring), durability and sealing threads, retention, and the readers.
 *
 * <p>Shut down in order: close the frame ring first (the writer finishes and closes its files on
 * the ring's thread), then this.
 */
public final class Storage implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Storage.class);

    private final StorageConfig config;
    private final StorageLayout layout;
    private final TimeIndex index;
    private final FileHasher hasher;
    private final Durability durability;
    private final SegmentWriter writer;
    private final HoldStore holds;
    private final Retention retention;
    private final Mp4Exporter exporter;
    private final List<String> recoveryActions;

    private Storage(StorageConfig config) {
        this.config = config;
        if (config.ownerOnly()) {
            OwnerOnly.directory(config.root());
            config.cameraRoots().values().forEach(OwnerOnly::directory);
        }
        this.layout = new StorageLayout(config.root());
        for (Map.Entry<String, Path> e : config.cameraRoots().entrySet()) {
            layout.setCameraRoot(e.getKey(), e.getValue());
        }
        this.index = TimeIndex.open(layout.indexDirectory());
        try {
            this.hasher = new FileHasher(index, layout);
            this.recoveryActions = Recovery.run(index, layout, hasher, new ArrayList<>(config.cameraRoots().values()));
            this.durability = new Durability(index, hasher, config.writer().fsyncIntervalMillis());
            this.writer = new SegmentWriter(layout, index, config.writer(), durability, config.latencyNanos(), config.budget());
            this.holds = new HoldStore(index);
            this.retention = new Retention(index, layout, holds, config.retention(), config.clock(), Retention::usableSpace);
            writer.onSpaceUse(retention::written);
            this.exporter = new Mp4Exporter(index, layout);
        } catch (RuntimeException e) {
            index.close();
            throw e;
        }
        if (!recoveryActions.isEmpty()) {
            LOG.warn("storage at {} recovered: {} actions (see above)", layout.root(), recoveryActions.size());
        }
        if (config.retentionIntervalMillis() > 0) {
            retention.start(config.retentionIntervalMillis());
        }
    }

    /** Opens a data directory, creating it if needed, and runs recovery. */
    public static Storage open(StorageConfig config) {
        return new Storage(config);
    }

    public StorageLayout layout() {
        return layout;
    }

    public TimeIndex index() {
        return index;
    }

    /** The ring consumer to register (lossless). */
    public SegmentWriter writer() {
        return writer;
    }

    public HoldStore holds() {
        return holds;
    }

    public Retention retention() {
        return retention;
    }

    public Mp4Exporter exporter() {
        return exporter;
    }

    public FileHasher hasher() {
        return hasher;
    }

    /** What start-up recovery did, in words. */
    public List<String> recoveryActions() {
        return recoveryActions;
    }

    public List<Span> spans(String camera, long from, long to) {
        return SpanQuery.spans(index, camera, from, to);
    }

    /** An HLS playlist of a range (see {@link HlsPlaylist}), or null when nothing is recorded there. */
    public String hlsPlaylist(String camera, long from, long to, HlsPlaylist.Uris uris) {
        Map<Long, byte[]> inits = new java.util.HashMap<>();
        return HlsPlaylist.vod(index, camera, from, to, uris, (a, b) -> {
            if (a.initLength() != b.initLength() || !java.util.Objects.equals(a.codec(), b.codec())) {
                return false;
            }
            byte[] x = inits.computeIfAbsent(a.id(), id -> initBytes(a));
            byte[] y = inits.computeIfAbsent(b.id(), id -> initBytes(b));
            return x != null && java.util.Arrays.equals(x, y);
        });
    }

    /** The init segment (ftyp + moov) of a file, or null when it cannot be read. */
    public byte[] initBytes(FileRecord file) {
        try (FileChannel ch = FileChannel.open(layout.resolve(file.path()), StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(file.initLength());
            while (b.hasRemaining() && ch.read(b, b.position()) >= 0) {
                // reads until full or the end of the file
            }
            return b.hasRemaining() ? null : b.array();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The pieces of one HLS media segment a playlist named (see {@link HlsSegment}).
     *
     * @throws IllegalArgumentException when the range is not one of the file's indexed fragments
     * @throws Mp4FormatException       when it does not start and end at fragment boundaries
     */
    public List<HlsSegment.Piece> hlsSegment(FileRecord file, long offset, long length, long decodeStart)
            throws IOException, Mp4FormatException {
        try (FileChannel ch = FileChannel.open(layout.resolve(file.path()), StandardOpenOption.READ)) {
            return HlsSegment.read(ch, file, offset, length, decodeStart);
        }
    }

    public Verifier.Report verify(String camera, long from, long to) {
        return Verifier.verify(index, layout, camera, from, to);
    }

    public StorageConfig config() {
        return config;
    }

    @Override
    public void close() {
        retention.close();
        durability.close();
        hasher.close();
        index.close();
    }
}
