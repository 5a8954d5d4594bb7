package io.nightjar.api.service;

/**
 * A camera's recording state with a sentence for a person ("recording", "waiting for motion",
 * "not recording: disk full ...").
 */
public record Recording(RecordingState state, String text) {
}
