package io.nightjar.api.service;

import java.util.List;

/**
 * What makes footage evidence: holds (retention cannot delete), bookmarks (named instants) and
 * the audit log of who saw, exported or changed what. Every change is itself audited.
 */
public interface Evidence {
    /** The holds of cameras the caller may see. */
    List<HoldView> holds(Caller caller);

    HoldView hold(Caller caller, NewHold hold);

    void releaseHold(Caller caller, long id);

    /** The bookmarks of cameras the caller may see, of one camera if {@code camera} is not null. */
    List<BookmarkView> bookmarks(Caller caller, String camera);

    BookmarkView bookmark(Caller caller, NewBookmark bookmark);

    void deleteBookmark(Caller caller, long id);

    /** Records an action in the audit log (camera, range and detail may be null). */
    void audit(Caller caller, String action, String camera, Long fromMicros, Long toMicros, String detail);

    /** Audit entries of a range (UTC µs), oldest first (in a cluster: every node's). */
    List<AuditEntry> auditLog(Caller caller, long fromMicros, long toMicros, int limit);
}
