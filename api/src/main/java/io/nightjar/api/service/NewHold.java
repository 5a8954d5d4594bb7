package io.nightjar.api.service;

/** A hold to create: camera, range, until (null: forever), reason (required, at most 500 characters). Times in UTC µs. */
public record NewHold(String camera, long from, long to, Long until, String reason) {
}
