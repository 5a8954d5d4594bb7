package io.nightjar.api.service;

/** A bookmark to create: camera, time, optional end (UTC µs), label (at most 200 characters). */
public record NewBookmark(String camera, long time, Long end, String label) {
}
