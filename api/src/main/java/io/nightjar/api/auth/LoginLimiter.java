package io.nightjar.api.auth;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after {@link #MAX_FAILURES} failed logins from one address (or for
 * one user name) within {@link #WINDOW_MILLIS}, further attempts are refused until the window
 * has passed, whatever the password.
 */
public final class LoginLimiter {
    static final int MAX_FAILURES = 5;
    static final long WINDOW_MILLIS = 5 * 60_000L;

    private final Map<String, ArrayDeque<Long>> failures = new ConcurrentHashMap<>();

    /** Seconds until a new attempt is allowed for this address/user, 0 if allowed now. */
    public long retryAfterSeconds(String address, String user, long nowMillis) {
        return Math.max(wait(address, nowMillis), wait("user:" + user, nowMillis));
    }

    private long wait(String key, long now) {
        ArrayDeque<Long> q = failures.get(key);
        if (q == null) {
            return 0;
        }
        synchronized (q) {
            while (!q.isEmpty() && now - q.peekFirst() > WINDOW_MILLIS) {
                q.pollFirst();
            }
            if (q.size() < MAX_FAILURES) {
                return 0;
            }
            return Math.max(1, (q.peekFirst() + WINDOW_MILLIS - now + 999) / 1000);
        }
    }

    public void failed(String address, String user, long nowMillis) {
        for (String key : new String[] {address, "user:" + user}) {
            ArrayDeque<Long> q = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
            synchronized (q) {
                q.addLast(nowMillis);
                while (q.size() > MAX_FAILURES * 4) {
                    q.pollFirst();
                }
            }
        }
    }

    public void succeeded(String address, String user) {
        failures.remove("user:" + user);
    }
}
