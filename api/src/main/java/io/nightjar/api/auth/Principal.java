package io.nightjar.api.auth;

import java.util.Set;

/**
 * An authenticated user.
 *
 * @param user    user name
 * @param role    role
 * @param cameras camera ids the user may see ("*" for all)
 * @param via     how they authenticated: "session", "token", "basic"
 */
public record Principal(String user, Role role, Set<String> cameras, String via) {
    public boolean mayAccess(String camera) {
        return cameras.contains("*") || cameras.contains(camera);
    }
}
