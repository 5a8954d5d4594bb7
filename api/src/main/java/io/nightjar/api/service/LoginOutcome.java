package io.nightjar.api.service;

/** What a login attempt came to. */
public sealed interface LoginOutcome {
    /** A new session. */
    record Granted(Me session) implements LoginOutcome {
    }

    /** Wrong user name or password (counted against the source and the account). */
    record Refused() implements LoginOutcome {
    }

    /** Too many failures: try again in {@code retryAfterSeconds}. */
    record Limited(String reason, long retryAfterSeconds) implements LoginOutcome {
    }
}
