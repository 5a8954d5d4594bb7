package io.nightjar.api.service;

/**
 * One audited action: who, from where, what, on which camera and range, with a detail; in a
 * cluster, {@code node} is the node it was done through (null outside a cluster).
 */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record AuditEntry(String time, String user, String remote, String action, String camera, String from, String to, String detail,
                         String error, String node) {
    public AuditEntry(String time, String user, String remote, String action, String camera, String from, String to, String detail,
                      String error) {
        this(time, user, remote, action, camera, from, to, detail, error, null);
    }

    /** The entry as done through {@code node}. */
    public AuditEntry onNode(String node) {
        return new AuditEntry(time, user, remote, action, camera, from, to, detail, error, node);
    }
}
