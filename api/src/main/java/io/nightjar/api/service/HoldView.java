package io.nightjar.api.service;

/** An evidence hold: footage of a camera's range that retention may not delete until {@code until} (null: forever). */
public record HoldView(long id, String camera, String from, String to, String until, String reason, String createdBy) {
}
