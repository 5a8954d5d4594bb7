package io.nightjar.storage;

/** What was asked for is more than one request may take (an export past its frame limit): a client's 400, with what to do instead. */
public final class RangeTooLargeException extends StorageException {
    private static final long serialVersionUID = 1L;

    public RangeTooLargeException(String message) {
        super(message);
    }
}
