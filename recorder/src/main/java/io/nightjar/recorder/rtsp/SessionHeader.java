package io.nightjar.recorder.rtsp;

/**
 * An RTSP {@code Session} header: {@code <id>[;timeout=<seconds>]}.
 *
 * @param id             the session identifier
 * @param timeoutSeconds the announced timeout, or 60 (RFC 2326's default) when absent or unreadable
 */
public record SessionHeader(String id, int timeoutSeconds) {
    public static final int DEFAULT_TIMEOUT_SECONDS = 60;

    /** @return null when the header is missing or has no id */
    public static SessionHeader parse(String header) {
        if (header == null) {
            return null;
        }
        String[] parts = header.split(";");
        String id = parts[0].trim();
        if (id.isEmpty()) {
            return null;
        }
        int timeout = DEFAULT_TIMEOUT_SECONDS;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.regionMatches(true, 0, "timeout=", 0, 8)) {
                try {
                    int t = Integer.parseInt(p.substring(8).trim());
                    if (t > 0) {
                        timeout = t;
                    }
                } catch (NumberFormatException e) {
                    // keep the default
                }
            }
        }
        return new SessionHeader(id, timeout);
    }
}
