package io.nightjar.api.events;

import java.util.ArrayList;
import java.util.List;

/**
 * The order of one SSE connection's messages: ids strictly increase in send order, so a client's
 * {@code Last-Event-ID} never skips a message. While what the client missed is replayed (stored
 * events, then the hub's kept messages), live messages are held back and sent after it; a message
 * whose id is not above the last one sent has been sent already and is dropped. Thread-safe: live
 * messages come from the hub's publishing thread, the replay from the request's.
 */
public final class SseOrder {
    /** Where messages go. */
    @FunctionalInterface
    public interface Out {
        void send(long id, EventRecord event);
    }

    /** Live messages held while replaying, at most: past it the connection is too far behind and is ended. */
    static final int MAX_HELD = EventHub.KEPT;

    private final Out out;
    private final Runnable overflow;
    private final List<EventHub.Message> held = new ArrayList<>();
    private boolean replaying = true;
    private long lastSent;

    /**
     * @param afterId  the client's Last-Event-ID (everything sent is above it), or {@link Long#MIN_VALUE}
     * @param overflow called (once) when more than {@link #MAX_HELD} live messages arrive during the replay
     */
    public SseOrder(long afterId, Out out, Runnable overflow) {
        this.lastSent = afterId;
        this.out = out;
        this.overflow = overflow;
    }

    /** A live message from the hub. */
    public synchronized void live(EventHub.Message m) {
        if (!replaying) {
            send(m.id(), EventRecord.of(m.event()));
            return;
        }
        if (held.size() == MAX_HELD) {
            overflow.run();
            held.add(null); // counted once
            return;
        }
        if (held.size() < MAX_HELD) {
            held.add(m);
        }
    }

    /** A stored event replayed: sent with the next id above the last sent if its own is not above it. */
    public synchronized void replayStored(long id, EventRecord e) {
        send(Math.max(id, lastSent + 1), e);
    }

    /** A kept hub message replayed, with its own id (dropped if already sent). */
    public synchronized void replayKept(EventHub.Message m) {
        send(m.id(), EventRecord.of(m.event()));
    }

    /** The replay is over: what was held goes out, and from now on live messages go straight out. */
    public synchronized void goLive() {
        replaying = false;
        for (EventHub.Message m : held) {
            if (m != null) {
                send(m.id(), EventRecord.of(m.event()));
            }
        }
        held.clear();
    }

    public synchronized long lastSent() {
        return lastSent;
    }

    private void send(long id, EventRecord e) {
        if (id <= lastSent) {
            return;
        }
        lastSent = id;
        out.send(id, e);
    }
}
