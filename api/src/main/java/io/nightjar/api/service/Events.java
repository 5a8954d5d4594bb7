package io.nightjar.api.service;

import io.nightjar.api.events.EventRecord;

/** Analytics events: stored and queried with cursor paging, streamed live with resume. */
public interface Events {
    /** Events starting in {@code [from, to)} (UTC µs), at most {@code limit}, after {@code cursor} (from a previous page). */
    EventPage query(Caller caller, EventFilter filter, long from, long to, String cursor, int limit);

    /** One event by its id (in a cluster, another node's event is {@code <node>~<id>}); NOT_FOUND otherwise. */
    EventRecord get(Caller caller, String id);

    /** An event's JPEG; NOT_FOUND if it has none. Audited. */
    byte[] snapshot(Caller caller, String id);

    /** Receives events as they happen. */
    interface Listener {
        /** The subscription is accepted (the filter checked): called once, before the first event. */
        void open();

        /** An event with its stream id (what a client resumes after). */
        void event(String id, EventRecord event);

        /** Delivery could not keep order (the listener should end; its client resumes). */
        void overflow();
    }

    /**
     * Delivers, in id order, the events after {@code afterId} (a stream id given out before; null:
     * only new ones) — kept in memory or read back from the store — then every new event, until
     * closed. INVALID for an id this server did not give out.
     */
    Subscription subscribe(Caller caller, EventFilter filter, String afterId, Listener listener);
}
