package io.nightjar.api.events;

import io.nightjar.analytics.event.AnalyticsEvent;
import io.nightjar.analytics.event.EventSink;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Live events for SSE clients. Every publication (an event opening, then closing) becomes a
 * message with an id that increases across restarts (wall-clock µs, made unique); the last 2000
 * messages are kept so a client reconnecting with {@code Last-Event-ID} gets what it missed.
 */
public final class EventHub implements EventSink {
    public static final int KEPT = 2000;

    /** One message: its id and the event as published. */
    public record Message(long id, AnalyticsEvent event) {
    }

    private final ArrayDeque<Message> recent = new ArrayDeque<>();
    private final List<Consumer<Message>> listeners = new CopyOnWriteArrayList<>();
    private long lastId;

    @Override
    public void accept(AnalyticsEvent e) {
        synchronized (this) { // listeners only enqueue (channel writes), so holding the lock is cheap
            lastId = Math.max(lastId + 1, System.currentTimeMillis() * 1000);
            Message m = new Message(lastId, e);
            recent.addLast(m);
            if (recent.size() > KEPT) {
                recent.pollFirst();
            }
            for (Consumer<Message> l : listeners) {
                l.accept(m);
            }
        }
    }

    /**
     * Registers a listener and returns, atomically with the registration, the kept messages after
     * {@code afterId} (none when {@code afterId} is null): nothing is missed or sent twice.
     */
    public synchronized List<Message> subscribe(Consumer<Message> listener, Long afterId) {
        listeners.add(listener);
        List<Message> missed = new ArrayList<>();
        if (afterId != null) {
            for (Message m : recent) {
                if (m.id() > afterId) {
                    missed.add(m);
                }
            }
        }
        return missed;
    }

    public void unsubscribe(Consumer<Message> listener) {
        listeners.remove(listener);
    }

    /** The id of the oldest kept message, or 0. */
    public synchronized long oldestKept() {
        return recent.isEmpty() ? 0 : recent.peekFirst().id();
    }

    public int listeners() {
        return listeners.size();
    }
}
