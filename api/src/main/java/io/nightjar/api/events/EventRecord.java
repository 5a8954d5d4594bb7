package io.nightjar.api.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.nightjar.analytics.event.AnalyticsEvent;
import io.nightjar.analytics.motion.Box;
import java.time.Instant;

/**
 * An event as the API shows it: ISO times and epoch milliseconds, no snapshot bytes (a URL instead).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventRecord(String id, String camera, String type, String start, Long startMs, String end, Long endMs, double score,
                          String zone, Box box, String detail, String snapshotUrl, boolean open) {
    /** A live event (its snapshot, if any, in hand). */
    public static EventRecord of(AnalyticsEvent e) {
        return of(e, e.snapshot() != null);
    }

    /** An event with or without a snapshot to link to (a stored event's bytes are not read to say so). */
    public static EventRecord of(AnalyticsEvent e, boolean hasSnapshot) {
        return new EventRecord(Long.toString(e.id()), e.camera(), e.type(), iso(e.startMicros()), e.startMicros() / 1000,
                e.endMicros() == null ? null : iso(e.endMicros()), e.endMicros() == null ? null : e.endMicros() / 1000, e.score(),
                e.zone(), e.box(), e.detail(),  !hasSnapshot ? null : "/api/v1/events/" + e.id() + "/snapshot.jpg", e.open());
    }

    static String iso(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000).toString();
    }
}
