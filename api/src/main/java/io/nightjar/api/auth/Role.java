package io.nightjar.api.auth;

/** What a user may do; each role includes the ones below it. */
public enum Role {
    /** Watch live and recorded video, see events. */
    viewer,
    /** Also export, place holds and bookmarks, tune zones. */
    operator,
    /** Also manage cameras, users and see the audit log. */
    admin;

    public boolean atLeast(Role r) {
        return ordinal() >= r.ordinal();
    }
}
