package io.nightjar.api.service;

import io.nightjar.api.auth.Role;
import java.util.Set;

/** A user to create, or the fields to change (null: left as they are). */
public record UserChange(String name, String password, Role role, Set<String> cameras) {
}
