package io.nightjar.recorder.sdp;

/** The SDP could not be used; the message says which line and why. */
public final class SdpParseException extends Exception {
    private static final long serialVersionUID = 1L;

    public SdpParseException(String message) {
        super(message);
    }
}
