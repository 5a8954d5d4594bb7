package io.nightjar.storage;

/**
 * What was asked for is not in the store: no footage in a range, no keyframe to start from, no
 * such camera. A client's 404, never a server fault.
 */
public final class NotFoundException extends StorageException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(message);
    }
}
