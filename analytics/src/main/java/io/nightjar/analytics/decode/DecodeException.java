package io.nightjar.analytics.decode;

/** The decoder could not open or decode; the message carries FFmpeg's reason. */
public final class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    public DecodeException(String message) {
        super(message);
    }
}
