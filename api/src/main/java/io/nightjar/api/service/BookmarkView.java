package io.nightjar.api.service;

/** A named instant (or range, with {@code end}) of a camera's footage. */
public record BookmarkView(long id, String camera, String time, long timeMs, String end, Long endMs, String label, String createdBy,
                           String created) {
}
