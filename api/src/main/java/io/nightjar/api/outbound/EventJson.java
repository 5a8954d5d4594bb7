package io.nightjar.api.outbound;

import io.nightjar.analytics.event.AnalyticsEvent;
import io.nightjar.api.events.EventRecord;
import io.nightjar.api.http.Json;
import java.io.UncheckedIOException;

/** The JSON an event is sent as (the API's event record). */
final class EventJson {
    private EventJson() {
    }

    static byte[] of(AnalyticsEvent e) {
        try {
            return Json.MAPPER.writeValueAsBytes(EventRecord.of(e));
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
