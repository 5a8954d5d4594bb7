package io.nightjar.api.service;

import io.nightjar.api.auth.Principal;
import java.util.Set;

/** The logged-in user, and the session token when it was just made by a login. */
public record Me(String user, String role, Set<String> cameras, String token) {
    public static Me of(Principal p) {
        return new Me(p.user(), p.role().name(), p.cameras(), null);
    }
}
