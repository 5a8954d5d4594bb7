package io.nightjar.recorder.media.mp4;

/** A file does not hold what an MP4 reader expected; the message says where. */
public final class Mp4FormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public Mp4FormatException(String message) {
        super(message);
    }
}
