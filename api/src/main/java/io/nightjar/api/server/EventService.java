package io.nightjar.api.server;

import io.nightjar.analytics.event.AnalyticsEvent;
import io.nightjar.api.events.EventHub;
import io.nightjar.api.events.EventRecord;
import io.nightjar.api.events.EventStore;
import io.nightjar.api.events.SseOrder;
import io.nightjar.api.service.Caller;
import io.nightjar.api.service.EventFilter;
import io.nightjar.api.service.EventPage;
import io.nightjar.api.service.Events;
import io.nightjar.api.service.Evidence;
import io.nightjar.api.service.Recordings;
import io.nightjar.api.service.ServiceException;
import io.nightjar.api.service.Subscription;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * {@link Events} over the event store (RocksDB) and the hub of recent events in memory. A
 * subscription replays what the hub still keeps after the client's last id, or the store's events
 * when the hub no longer reaches back that far (a restart), then goes live, in id order.
 */
final class EventService implements Events {
    /** The most stored events one resume replays. */
    static final int REPLAY_LIMIT = 1000;

    private final EventStore store;
    private final EventHub hub;
    private final CameraDirectory cameras;
    private final Recordings recordings;
    private final Evidence evidence;

    EventService(EventStore store, EventHub hub, CameraDirectory cameras, Recordings recordings, Evidence evidence) {
        this.store = store;
        this.hub = hub;
        this.cameras = cameras;
        this.recordings = recordings;
        this.evidence = evidence;
    }

    @Override
    public EventPage query(Caller caller, EventFilter filter, long from, long to, String cursor, int limit) {
        EventStore.Page page;
        try {
            page = store.query(cameras(caller, filter), filter.type(), from, to, cursor, limit);
        } catch (IllegalArgumentException e) {
            throw ServiceException.invalid(e.getMessage()); // a cursor this server did not give out
        }
        List<EventRecord> events = new ArrayList<>(page.events().size());
        for (EventStore.Stored e : page.events()) {
            events.add(e.view());
        }
        return new EventPage(events, page.next());
    }

    @Override
    public EventRecord get(Caller caller, String id) {
        return event(caller, number(id)).view();
    }

    /** A stored event's number; NOT_FOUND for anything else. */
    private static long number(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ServiceException.notFound("no event '" + id + "'");
        }
    }

    @Override
    public byte[] snapshot(Caller caller, String eventId) {
        long id = number(eventId);
        AnalyticsEvent e = event(caller, id).event();
        byte[] jpeg = store.snapshot(id);
        if (jpeg == null) {
            throw ServiceException.notFound("event " + e.id() + " has no snapshot");
        }
        evidence.audit(caller, "snapshot", e.camera(), e.startMicros(), e.endMicros(), "event " + e.id());
        return jpeg;
    }

    @Override
    public Subscription subscribe(Caller caller, EventFilter filter, String after, Listener listener) {
        Long afterId = null;
        if (after != null && !after.isBlank()) {
            try {
                afterId = Long.parseLong(after.trim());
            } catch (NumberFormatException e) {
                throw ServiceException.invalid("Last-Event-ID '" + after + "' is not an id this server gave out");
            }
        }
        Set<String> only = filter.cameras();
        if (only != null) {
            only.forEach(caller::checkCamera);
        }
        String type = filter.type();
        listener.open();
        SseOrder order = new SseOrder(afterId == null ? Long.MIN_VALUE : afterId, (id, e) -> listener.event(Long.toString(id), e),
                listener::overflow);
        Predicate<AnalyticsEvent> wanted = e -> caller.mayAccess(e.camera()) && (only == null || only.contains(e.camera()))
                && (type == null || type.equals(e.type()));
        Consumer<EventHub.Message> live = m -> {
            if (wanted.test(m.event())) {
                order.live(m);
            }
        };
        List<EventHub.Message> missed = hub.subscribe(live, afterId);
        long oldest = hub.oldestKept();
        if (afterId != null && (oldest == 0 || afterId < oldest)) {
            // older than what the hub keeps (or a restart): replay stored events that started after that id's time
            EventStore.Page page = store.query(cameras(caller, filter), type, afterId, Long.MAX_VALUE, null, REPLAY_LIMIT);
            for (EventStore.Stored s : page.events()) {
                if (oldest == 0 || s.event().startMicros() < oldest) {
                    order.replayStored(s.event().id(), s.view());
                }
            }
        }
        for (EventHub.Message m : missed) {
            if (wanted.test(m.event())) {
                order.replayKept(m);
            }
        }
        order.goLive(); // live messages that came during the replay follow it, in id order
        return () -> hub.unsubscribe(live);
    }

    private EventStore.Stored event(Caller caller, long id) {
        EventStore.Stored e = store.byId(id);
        if (e == null) {
            throw ServiceException.notFound("no event " + id);
        }
        caller.checkCamera(e.event().camera());
        return e;
    }

    /** The cameras asked for, each checked, or every camera (configured or recorded) the caller may see. */
    private Set<String> cameras(Caller caller, EventFilter filter) {
        if (filter.cameras() != null) {
            filter.cameras().forEach(caller::checkCamera);
            return filter.cameras();
        }
        Set<String> known = new LinkedHashSet<>(recordings.recordedCameras());
        cameras.all().forEach(rt -> known.add(rt.config().id));
        Set<String> out = new LinkedHashSet<>();
        for (String id : known) {
            if (caller.mayAccess(id)) {
                out.add(id);
            }
        }
        return out;
    }
}
