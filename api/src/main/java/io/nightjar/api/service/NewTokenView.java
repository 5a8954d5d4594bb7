package io.nightjar.api.service;

/** A token just created: shown once, with the secret {@code token}. */
public record NewTokenView(String id, String label, String user, String token) {
}
