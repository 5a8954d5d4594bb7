package io.nightjar.analytics.event;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans events out to every registered sink, in registration order; a failing sink is logged and skipped. */
public final class EventBus implements EventSink {
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

    private final List<EventSink> sinks = new CopyOnWriteArrayList<>();

    public void subscribe(EventSink sink) {
        sinks.add(sink);
    }

    public void unsubscribe(EventSink sink) {
        sinks.remove(sink);
    }

    @Override
    public void accept(AnalyticsEvent event) {
        for (EventSink s : sinks) {
            try {
                s.accept(event);
            } catch (RuntimeException e) {
                LOG.error("event sink {} failed on {}", s, event, e);
            }
        }
    }
}
