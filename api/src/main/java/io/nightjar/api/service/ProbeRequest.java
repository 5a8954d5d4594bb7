package io.nightjar.api.service;

/** A camera connection to test: URL, optional credentials, transport ("tcp" by default, or "udp"). */
public record ProbeRequest(String url, String user, String password, String transport) {
}
