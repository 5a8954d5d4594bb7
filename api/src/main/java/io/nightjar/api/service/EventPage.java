package io.nightjar.api.service;

import io.nightjar.api.events.EventRecord;
import java.util.List;

/** A page of events, oldest first; {@code next} continues after it (null on the last page). */
public record EventPage(List<EventRecord> events, String next) {
}
