package io.nightjar.api.service;

/** One audited action: who, from where, what, on which camera and range, with a detail. */
public record AuditEntry(String time, String user, String remote, String action, String camera, String from, String to, String detail,
                         String error) {
}
