package io.nightjar.analytics.event;

/** Receives events in order (open, then closed). Must return quickly; must not throw. */
@FunctionalInterface
public interface EventSink {
    void accept(AnalyticsEvent event);
}
