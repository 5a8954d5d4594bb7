package io.nightjar.api.service;

/** A recorded span, or a gap between spans with the reason recording stopped. */
public record SpanView(String start, String end, long startMs, long endMs, boolean recorded, String reason) {
}
