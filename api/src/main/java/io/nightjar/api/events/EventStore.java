package io.nightjar.api.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightjar.analytics.event.AnalyticsEvent;
import io.nightjar.analytics.event.EventSink;
import io.nightjar.storage.index.TimeIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Persists analytics events in the storage index (replaced when they close) and queries them. */
public final class EventStore implements EventSink {
    private static final Logger LOG = LoggerFactory.getLogger(EventStore.class);
    private static final ObjectMapper JSON = io.nightjar.api.http.Json.STORAGE;

    private final TimeIndex index;

    public EventStore(TimeIndex index) {
        this.index = index;
    }

    @Override
    public void accept(AnalyticsEvent e) {
        try {
            index.putEvent(e.camera(), e.startMicros(), e.id(), JSON.writeValueAsBytes(e));
        } catch (IOException | RuntimeException ex) {
            LOG.error("could not store {}: {}", e, ex.toString());
        }
    }

    public AnalyticsEvent byId(long id) {
        byte[] b = index.event(id);
        return b == null ? null : decode(b);
    }

    /** A page of events. */
    public record Page(List<AnalyticsEvent> events, String next) {
    }

    /**
     * Events of the given cameras with start in {@code [from, to)}, optionally of one type, oldest
     * first, at most {@code limit}; {@code cursor} (from a previous page) continues after its event.
     */
    public Page query(Set<String> cameras, String type, long from, long to, String cursor, int limit) {
        long afterStart = Long.MIN_VALUE;
        long afterId = Long.MIN_VALUE;
        if (cursor != null) {
            String[] c = cursor.split("-", 2);
            try {
                afterStart = Long.parseLong(c[0]);
                afterId = Long.parseLong(c[1]);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("cursor '" + cursor + "' is not one this server gave out");
            }
        }
        long start = Math.max(from, afterStart == Long.MIN_VALUE ? from : afterStart);
        List<AnalyticsEvent> all = new ArrayList<>();
        final long as = afterStart;
        final long ai = afterId;
        for (String camera : cameras) {
            List<AnalyticsEvent> mine = new ArrayList<>();
            index.forEachEvent(camera, start, to, (s, id, record) -> {
                if (s == as && id <= ai) {
                    return true;
                }
                AnalyticsEvent e = decode(record);
                if (type == null || e.type().equals(type)) {
                    mine.add(e);
                }
                return mine.size() <= limit;
            });
            all.addAll(mine);
        }
        all.sort(Comparator.comparingLong(AnalyticsEvent::startMicros).thenComparingLong(AnalyticsEvent::id));
        if (all.size() <= limit) {
            return new Page(all, null);
        }
        List<AnalyticsEvent> page = new ArrayList<>(all.subList(0, limit));
        AnalyticsEvent last = page.get(page.size() - 1);
        return new Page(page, last.startMicros() + "-" + last.id());
    }

    private static AnalyticsEvent decode(byte[] b) {
        try {
            return JSON.readValue(b, AnalyticsEvent.class);
        } catch (IOException e) {
            throw new UncheckedIOException("an event record is unreadable", e);
        }
    }
}
