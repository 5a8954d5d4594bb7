package io.nightjar.api.http;

import java.nio.file.Path;

/** A piece of a response body: bytes in memory, or a region of a file (sent zero-copy). */
public record Part(byte[] bytes, Path file, long offset, long length) {
    public static Part bytes(byte[] b) {
        return new Part(b, null, 0, b.length);
    }

    public static Part file(Path f, long offset, long length) {
        return new Part(null, f, offset, length);
    }
}
