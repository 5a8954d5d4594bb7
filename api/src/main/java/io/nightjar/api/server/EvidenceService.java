package io.nightjar.api.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.nightjar.api.events.AuditLog;
import io.nightjar.api.http.Json;
import io.nightjar.api.service.AuditEntry;
import io.nightjar.api.service.BookmarkView;
import io.nightjar.api.service.Caller;
import io.nightjar.api.service.Evidence;
import io.nightjar.api.service.HoldView;
import io.nightjar.api.service.NewBookmark;
import io.nightjar.api.service.NewHold;
import io.nightjar.api.service.ServiceException;
import io.nightjar.storage.Storage;
import io.nightjar.storage.retention.Hold;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@link Evidence} over the index's holds and bookmarks and the audit log. Bookmarks are kept as
 * the JSON of {@link BookmarkView} (fields a later version adds are ignored on reading).
 */
final class EvidenceService implements Evidence {
    static final int MAX_REASON = 500;
    static final int MAX_LABEL = 200;
    private static final ObjectReader BOOKMARK = Json.MAPPER.readerFor(BookmarkView.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

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
        for (Map.Entry<Long, byte[]> e : storage.index().bookmarks().all().entrySet()) {
            BookmarkView b = read(e.getValue());
            if (caller.mayAccess(b.camera()) && (camera == null || camera.equals(b.camera()))) {
                out.add(b);
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
        BookmarkView v = new BookmarkView(id, b.camera(), CameraService.iso(b.time()), b.time() / 1000,
                b.end() == null ? null : CameraService.iso(b.end()), b.end() == null ? null : b.end() / 1000, b.label() == null ? "" : b.label(),
                caller.user(), Instant.now().toString());
        try {
            storage.index().bookmarks().put(id, Json.MAPPER.writeValueAsBytes(v));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        audit(caller, "bookmark.create", b.camera(), b.time(), b.end(), b.label());
        return v;
    }

    @Override
    public void deleteBookmark(Caller caller, long id) {
        byte[] raw = storage.index().bookmarks().get(id);
        if (raw == null) {
            throw ServiceException.notFound("no bookmark " + id);
        }
        BookmarkView b = read(raw);
        caller.checkCamera(b.camera());
        storage.index().bookmarks().delete(id);
        audit(caller, "bookmark.delete", b.camera(), null, null, b.label());
    }

    @Override
    public void audit(Caller caller, String action, String camera, Long fromMicros, Long toMicros, String detail) {
        audit.record(caller.user(), caller.remote(), action, camera, fromMicros, toMicros, detail);
    }

    @Override
    public List<AuditEntry> auditLog(long fromMicros, long toMicros, int limit) {
        return audit.query(fromMicros, toMicros, limit);
    }

    private static BookmarkView read(byte[] json) {
        try {
            return BOOKMARK.readValue(json);
        } catch (IOException e) {
            throw new UncheckedIOException("an unreadable bookmark in the index: " + e.getMessage(), e);
        }
    }

    private static HoldView view(Hold h) {
        return new HoldView(h.id(), h.camera(), CameraService.iso(h.fromMicros()), CameraService.iso(h.toMicros()),
                h.untilMicros() == Long.MAX_VALUE ? null : CameraService.iso(h.untilMicros()), h.reason(), h.createdBy());
    }
}
