package io.nightjar.api.service;

import io.nightjar.api.auth.Principal;

/**
 * Who asks, and from where: services filter what a caller may see by it and audit in its name.
 *
 * @param principal the authenticated user (its role and cameras)
 * @param remote    the client's address as the audit log records it
 */
public record Caller(Principal principal, String remote) {
    /** The server itself (the demo setting up its camera): an admin, audited as "nightjar" from "local". */
    public static Caller system() {
        return new Caller(new Principal("nightjar", io.nightjar.api.auth.Role.admin, java.util.Set.of("*"), "system"), "local");
    }

    public String user() {
        return principal.user();
    }

    public boolean mayAccess(String camera) {
        return principal.mayAccess(camera);
    }

    /** Refuses a camera the caller may not see. */
    public void checkCamera(String camera) {
        if (!principal.mayAccess(camera)) {
            throw ServiceException.forbidden("you have no access to camera " + camera);
        }
    }
}
