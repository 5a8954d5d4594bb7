package io.nightjar.recorder.media;

/** A parameter set or other bitstream structure could not be parsed; the message says where. */
public final class MalformedBitstreamException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedBitstreamException(String message) {
        super(message);
    }
}
