package io.nightjar.storage.testing;

import io.nightjar.storage.Storage;
import io.nightjar.storage.index.FileRecord;
import io.nightjar.storage.read.HlsPlaylist;
import io.nightjar.storage.read.HlsSegment;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes an HLS playlist of a range, and every segment it names, as local files: what the HTTP
 * server would serve, for players run against the storage module alone.
 */
public final class LocalHls implements HlsPlaylist.Uris {
    private final Storage storage;
    private final Path dir;
    private int segments;

    private LocalHls(Storage storage, Path dir) {
        this.storage = storage;
        this.dir = dir;
    }

    /** Writes {@code name}.m3u8 and its segments into {@code dir} and returns the playlist's path, or null when nothing is recorded. */
    public static Path write(Storage storage, String camera, long from, long to, Path dir, String name) throws IOException {
        Path sub = Files.createDirectories(dir.resolve(name + "-hls"));
        String playlist = storage.hlsPlaylist(camera, from, to, new LocalHls(storage, sub));
        if (playlist == null) {
            return null;
        }
        Path m3u8 = dir.resolve(name + ".m3u8");
        Files.writeString(m3u8, playlist);
        return m3u8;
    }

    @Override
    public String init(FileRecord file) {
        Path p = dir.resolve(file.id() + "-init.mp4");
        try {
            Files.write(p, storage.initBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.toString();
    }

    @Override
    public String segment(FileRecord file, long offset, long length, long decodeStart) {
        Path p = dir.resolve(file.id() + "-" + (segments++) + ".m4s");
        try (OutputStream out = Files.newOutputStream(p);
             FileChannel ch = FileChannel.open(storage.layout().resolve(file.path()), StandardOpenOption.READ)) {
            for (HlsSegment.Piece piece : storage.hlsSegment(file, offset, length, decodeStart)) {
                if (piece instanceof HlsSegment.Header h) {
                    out.write(h.bytes());
                } else if (piece instanceof HlsSegment.Stored s) {
                    ByteBuffer b = ByteBuffer.allocate((int) s.length());
                    while (b.hasRemaining() && ch.read(b, s.offset() + b.position()) >= 0) {
                        // until full
                    }
                    out.write(b.array());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (io.nightjar.recorder.media.mp4.Mp4FormatException e) {
            throw new IllegalStateException("segment " + offset + "+" + length + " of file " + file.id() + ": " + e.getMessage(), e);
        }
        return p.toString();
    }
}
