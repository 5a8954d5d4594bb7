package io.nightjar.api.service;

import java.util.Set;

/** Which events: of these cameras (null: every camera the caller may see), of one type (null: all). */
public record EventFilter(Set<String> cameras, String type) {
}
