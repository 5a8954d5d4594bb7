package io.nightjar.api.auth;

/**
 * What a user may do; each role from {@link #viewer} up includes the ones below it.
 * {@link #metrics} is apart: it may scrape {@code /metrics} (as may admins) and nothing else, for
 * a Prometheus server's API token.
 */
public enum Role {
    /** Only scrape {@code /metrics}: no camera, no footage, no event. */
    metrics,
    /** Watch live and recorded video, see events. */
    viewer,
    /** Also export, place holds and bookmarks, tune zones. */
    operator,
    /** Also manage cameras, users and see the audit log. */
    admin;

    /** True for {@link #metrics} and {@link #admin}, the roles that may read {@code /metrics}. */
    public boolean mayScrape() {
        return this == metrics || this == admin;
    }

    public boolean atLeast(Role r) {
        return ordinal() >= r.ordinal();
    }
}
