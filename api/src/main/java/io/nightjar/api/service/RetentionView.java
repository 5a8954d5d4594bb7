package io.nightjar.api.service;

/** Retention achieved for a camera: oldest and newest footage, days kept against the target, size. */
public record RetentionView(String oldest, String newest, double keptDays, Double targetDays, double recordedHours, long bytes,
                            long files, boolean targetMet) {
}
