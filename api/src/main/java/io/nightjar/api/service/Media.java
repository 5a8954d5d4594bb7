package io.nightjar.api.service;

import java.nio.file.Path;
import java.util.List;

/**
 * Stored bytes to send: pieces in memory and byte ranges of files (sent zero-copy, HTTP Range
 * applies to the whole), and what a cache may know of them.
 *
 * @param pieces     the body, in order
 * @param sealed     whether these bytes can never change (a closed, hashed file; a finished export)
 * @param etag       a strong validator of the bytes (their SHA-256), or null
 * @param endMicros  when the footage ends (Last-Modified), or 0
 * @param fileName   a name to save it under (Content-Disposition: attachment), or null to show inline
 */
public record Media(List<Piece> pieces, boolean sealed, String etag, long endMicros, String fileName) {
    /** A piece of a body. */
    public sealed interface Piece permits Bytes, FileRange {
        long length();
    }

    /** Bytes made for this answer (a box header, a playlist, an export's head). */
    public record Bytes(byte[] bytes) implements Piece {
        @Override
        public long length() {
            return bytes.length;
        }
    }

    /** {@code length} bytes of a stored file from {@code offset}. */
    public record FileRange(Path file, long offset, long length) implements Piece {
    }

    public long size() {
        long n = 0;
        for (Piece p : pieces) {
            n += p.length();
        }
        return n;
    }
}
