package io.nightjar.api.service;

/**
 * What a caller of a service got wrong, typed: the HTTP layer answers {@link Kind#INVALID} with
 * 400, {@link Kind#FORBIDDEN} 403, {@link Kind#NOT_FOUND} 404 and {@link Kind#CONFLICT} 409; the
 * message is for the user and never holds a secret. Anything else a service throws is a fault of
 * the server (500, logged).
 */
public final class ServiceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of mistake. */
    public enum Kind {
        /** The request is malformed or out of bounds. */
        INVALID,
        /** The caller may not touch that camera or resource. */
        FORBIDDEN,
        /** No such camera, file, event, hold, bookmark, user, token or export. */
        NOT_FOUND,
        /** It exists but is in a state that refuses this (already exists, not finished, last admin, busy). */
        CONFLICT,
        /** Something it needs cannot be reached now (in a cluster: ZooKeeper); the same call may work later. */
        UNAVAILABLE
    }

    private final Kind kind;

    public ServiceException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static ServiceException invalid(String message) {
        return new ServiceException(Kind.INVALID, message);
    }

    public static ServiceException forbidden(String message) {
        return new ServiceException(Kind.FORBIDDEN, message);
    }

    public static ServiceException notFound(String message) {
        return new ServiceException(Kind.NOT_FOUND, message);
    }

    public static ServiceException conflict(String message) {
        return new ServiceException(Kind.CONFLICT, message);
    }

    public static ServiceException unavailable(String message) {
        return new ServiceException(Kind.UNAVAILABLE, message);
    }
}
