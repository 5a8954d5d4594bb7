package io.nightjar.api.service;

/** An API token as listed (never the token itself): id, label, owner, creation time (epoch ms). */
public record TokenView(String id, String label, String user, long created) {
}
