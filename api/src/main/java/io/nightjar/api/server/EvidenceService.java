package io.nightjar.api.server;

import io.nightjar.api.events.AuditLog;
import io.nightjar.api.service.AuditEntry;
import io.nightjar.api.service.BookmarkView;
import io.nightjar.api.service.Caller;
import io.nightjar.api.service.Evidence;
import io.nightjar.api.service.HoldView;
import io.nightjar.api.service.NewBookmark;
import io.nightjar.api.service.NewHold;
import io.nightjar.api.service.ServiceException;
import io.nightjar.storage.Storage;
import io.nightjar.storage.index.Bookmark;
import io.nightjar.storage.retention.Hold;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@link Evidence} over the index's holds and bookmarks and the audit log. */
final class EvidenceService implements Evidence {
    static final int MAX_REASON = 500;
    static final int MAX_LABEL = 200;

    private final Storage storage;
    private final AuditLog audit;

    EvidenceService(Storage storage, AuditLog audit) {
        this.storage = storage;
        this.audit = audit;
    }

    @Override
    public List<HoldView> holds(Caller caller) {
        List<HoldView> out = new ArrayList<>();
        for (Hold h : storage.holds().all()) {
            if (caller.mayAccess(h.camera())) {
                out.add(view(h));
            }
        }
        return out;
    }

    @Override
    public HoldView hold(Caller caller, NewHold b) {
        if (b.camera() == null || b.reason() == null || b.reason().isBlank()) {
            throw ServiceException.invalid("'camera', 'from', 'to' and 'reason' are required");
        }
        if (b.reason().length() > MAX_REASON) {
            throw ServiceException.invalid("'reason' must be at most " + MAX_REASON + " characters");
        }
        caller.checkCamera(b.camera());
        if (b.to() <= b.from()) {
            throw ServiceException.invalid("'to' must be after 'from'");
        }
        Hold h = storage.holds().add(b.camera(), b.from(), b.to(), b.until() == null ? Long.MAX_VALUE : b.until(), b.reason(), caller.user());
        audit(caller, "hold.create", b.camera(), b.from(), b.to(), b.reason());
        return view(h);
    }

    @Override
    public void releaseHold(Caller caller, long id) {
        Hold h = storage.holds().all().stream().filter(x -> x.id() == id).findFirst()
                .orElseThrow(() -> ServiceException.notFound("no hold " + id));
        caller.checkCamera(h.camera());
        storage.holds().remove(id);
        audit(caller, "hold.delete", h.camera(), h.fromMicros(), h.toMicros(), h.reason());
    }

    @Override
    public List<BookmarkView> bookmarks(Caller caller, String camera) {
        List<BookmarkView> out = new ArrayList<>();
        for (Bookmark b : storage.index().bookmarks().all()) {
            if (caller.mayAccess(b.camera()) && (camera == null || camera.equals(b.camera()))) {
                out.add(view(b));
            }
        }
        return out;
    }

    @Override
    public BookmarkView bookmark(Caller caller, NewBookmark b) {
        if (b.camera() == null) {
            throw ServiceException.invalid("'camera' and 'time' are required");
        }
        if (b.label() != null && b.label().length() > MAX_LABEL) {
            throw ServiceException.invalid("'label' must be at most " + MAX_LABEL + " characters");
        }
        caller.checkCamera(b.camera());
        long id = storage.index().nextId("bookmark");
        Bookmark stored = new Bookmark(id, b.camera(), b.time(), b.end(), b.label() == null ? "" : b.label(),
                caller.user() == null ? "" : caller.user(), System.currentTimeMillis() * 1000);
        storage.index().bookmarks().put(stored);
        audit(caller, "bookmark.create", b.camera(), b.time(), b.end(), b.label());
        return view(stored);
    }

    @Override
    public void deleteBookmark(Caller caller, long id) {
        Bookmark b = storage.index().bookmarks().get(id);
        if (b == null) {
            throw ServiceException.notFound("no bookmark " + id);
        }
        caller.checkCamera(b.camera());
        storage.index().bookmarks().delete(id);
        audit(caller, "bookmark.delete", b.camera(), null, null, b.label());
    }

    @Override
    public void audit(Caller caller, String action, String camera, Long fromMicros, Long toMicros, String detail) {
        audit.record(caller.user(), caller.remote(), action, camera, fromMicros, toMicros, detail);
    }

    @Override
    public List<AuditEntry> auditLog(Caller caller, long fromMicros, long toMicros, int limit) {
        return audit.query(fromMicros, toMicros, limit);
    }

    private static BookmarkView view(Bookmark b) {
        Long end = b.endMicros();
        return new BookmarkView(b.id(), b.camera(), CameraService.iso(b.timeMicros()), b.timeMicros() / 1000,
                end == null ? null : CameraService.iso(end), end == null ? null : end / 1000, b.label(), b.createdBy(),
                Instant.ofEpochMilli(b.createdMicros() / 1000).toString());
    }

    private static HoldView view(Hold h) {
        return new HoldView(h.id(), h.camera(), CameraService.iso(h.fromMicros()), CameraService.iso(h.toMicros()),
                h.untilMicros() == Long.MAX_VALUE ? null : CameraService.iso(h.untilMicros()), h.reason(), h.createdBy());
    }
}
