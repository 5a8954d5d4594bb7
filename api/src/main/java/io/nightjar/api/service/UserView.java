package io.nightjar.api.service;

import io.nightjar.api.auth.Role;
import java.util.Set;

/** A user without any secret: name, role, cameras ("*" for all). */
public record UserView(String name, Role role, Set<String> cameras) {
}
