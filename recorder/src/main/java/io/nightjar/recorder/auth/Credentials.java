package io.nightjar.recorder.auth;

import java.util.Objects;

/**
 * A user name and password for a camera. {@link #toString()} never shows the password, and shows
 * the user only as a hint, so an accidental log line leaks nothing.
 */
public final class Credentials {
    private final String user;
    private final String password;

    public Credentials(String user, String password) {
        this.user = Objects.requireNonNull(user, "user");
        this.password = Objects.requireNonNull(password, "password");
    }

    public String user() {
        return user;
    }

    /** The secret itself: only for computing an Authorization header. */
    public String password() {
        return password;
    }

    @Override
    public String toString() {
        return "Credentials[user=" + user + ", password=***]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Credentials && ((Credentials) o).user.equals(user) && ((Credentials) o).password.equals(password);
    }

    @Override
    public int hashCode() {
        return user.hashCode();
    }
}
