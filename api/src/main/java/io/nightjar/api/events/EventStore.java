package io.nightjar.api.events;

import io.nightjar.analytics.event.AnalyticsEvent;
import io.nightjar.analytics.event.EventSink;
import io.nightjar.analytics.motion.Box;
import io.nightjar.storage.index.EventRecords;
import io.nightjar.storage.index.StoredEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persists analytics events in the storage index (replaced when they close) and queries them.
 * Events read back carry no snapshot bytes: whether one is stored is in {@link Stored}, and its
 * bytes come from {@link #snapshot} alone, so listing events never reads a JPEG.
 */
public final class EventStore implements EventSink {
    private static final Logger LOG = LoggerFactory.getLogger(EventStore.class);

    private final EventRecords records;

    public EventStore(EventRecords records) {
        this.records = records;
    }

    @Override
    public void accept(AnalyticsEvent e) {
        try {
            records.put(stored(e), e.snapshot());
        } catch (RuntimeException ex) {
            LOG.error("could not store {}: {}", e, ex.toString());
        }
    }

    /** An event read back (without its snapshot's bytes), and whether a snapshot is stored for it. */
    public record Stored(AnalyticsEvent event, boolean hasSnapshot) {
        public EventRecord view() {
            return EventRecord.of(event, hasSnapshot);
        }
    }

    public Stored byId(long id) {
        StoredEvent e = records.byId(id);
        return e == null ? null : stored(e);
    }

    /** The event's snapshot (JPEG), or null. */
    public byte[] snapshot(long id) {
        return records.snapshot(id);
    }

    /** A page of events. */
    public record Page(List<Stored> events, String next) {
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
        List<Stored> all = new ArrayList<>();
        final long as = afterStart;
        final long ai = afterId;
        for (String camera : cameras) {
            List<Stored> mine = new ArrayList<>();
            records.forEach(camera, start, to, e -> {
                if (e.startMicros() == as && e.id() <= ai) {
                    return true;
                }
                if (type == null || e.type().equals(type)) {
                    mine.add(stored(e));
                }
                return mine.size() <= limit;
            });
            all.addAll(mine);
        }
        all.sort(Comparator.comparingLong((Stored s) -> s.event().startMicros()).thenComparingLong(s -> s.event().id()));
        if (all.size() <= limit) {
            return new Page(all, null);
        }
        List<Stored> page = new ArrayList<>(all.subList(0, limit));
        AnalyticsEvent last = page.get(page.size() - 1).event();
        return new Page(page, last.startMicros() + "-" + last.id());
    }

    private static StoredEvent stored(AnalyticsEvent e) {
        Box b = e.box();
        return new StoredEvent(e.id(), e.camera(), e.type(), e.startMicros(), e.endMicros(), e.score(), e.zone(),
                b == null ? null : new StoredEvent.Area(b.x(), b.y(), b.w(), b.h()), e.detail(), e.snapshot() != null);
    }

    private static Stored stored(StoredEvent e) {
        StoredEvent.Area a = e.area();
        return new Stored(new AnalyticsEvent(e.id(), e.camera(), e.type(), e.startMicros(), e.endMicros(), e.score(), e.zone(),
                a == null ? null : new Box(a.x(), a.y(), a.w(), a.h()), null, e.detail()), e.hasSnapshot());
    }
}
