package io.nightjar.api.auth;

import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The one limiter every authentication path goes through — login, HTTP Basic, Bearer and
 * {@code ?token=} tokens, RTSP Digest — so that guessing is slow whichever door is tried, and the
 * guessing never locks the real user out:
 * <ul>
 *   <li><b>Per source</b> (client address): after {@link #SOURCE_FAILURES} failures within
 *   {@link #WINDOW_MILLIS} the source is refused at once, without the password being checked
 *   (so a flood costs no PBKDF2), until its oldest failure leaves the window.</li>
 *   <li><b>Per account</b>: an account with {@link #ACCOUNT_FAILURES} failures within the window
 *   (from any number of sources) is under attack. Sources that logged in to it before are not
 *   affected; any other source gets one attempt a second for that account, shared by all of
 *   them, so a correct password from a new place still gets through while guessing from many
 *   addresses is held to one guess a second.</li>
 * </ul>
 * Memory is bounded: at most {@link #MAX_TRACKED} sources and accounts are followed (expired ones
 * are purged first), account names are cut to 64 characters, and each account remembers at most 16
 * sources it logged in from. Session cookies are checked here but their failures are not counted
 * (a browser keeps sending a cookie from before a restart; a session id cannot be guessed).
 */
public final class AuthGuard {
    public static final int SOURCE_FAILURES = 10;
    public static final int ACCOUNT_FAILURES = 20;
    public static final long WINDOW_MILLIS = 5 * 60_000L;
    /** How often a source new to an account under attack may try it (all such sources together). */
    public static final long ACCOUNT_INTERVAL_MILLIS = 1000;
    static final int MAX_TRACKED = 50_000;
    private static final int MAX_KNOWN = 16;
    private static final int MAX_NAME = 64;

    /** Told when a source or an account starts being limited (for the audit log). */
    public interface Listener {
        void limited(String source, String account, String what);
    }

    /** Whether an attempt may be checked now, and if not, when to try again and why. */
    public record Decision(boolean allowed, long retryAfterSeconds, String reason) {
        static final Decision ALLOW = new Decision(true, 0, null);
    }

    private final LongSupplier clock;
    private final Listener listener;
    private final Map<String, ArrayDeque<Long>> sources = new ConcurrentHashMap<>();
    private final Map<String, ArrayDeque<Long>> accounts = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> known = new ConcurrentHashMap<>();
    private final Map<String, long[]> nextAttempt = new ConcurrentHashMap<>();
    private volatile long lastFullPurge = Long.MIN_VALUE / 2;

    public AuthGuard(LongSupplier clockMillis, Listener listener) {
        this.clock = clockMillis;
        this.listener = listener;
    }

    public AuthGuard() {
        this(System::currentTimeMillis, (s, a, w) -> { });
    }

    /** May {@code source} try to authenticate as {@code account} (null when the account is not known, e.g. a token)? */
    public Decision check(String source, String account) {
        long now = clock.getAsLong();
        long wait = wait(sources.get(source), SOURCE_FAILURES, now);
        if (wait > 0) {
            return new Decision(false, wait, "too many failed attempts from " + source);
        }
        String a = name(account);
        if (a == null || waitRaw(accounts.get(a), ACCOUNT_FAILURES, now) == 0 || isKnown(a, source)) {
            return Decision.ALLOW;
        }
        if (nextAttempt.size() > MAX_TRACKED) {
            nextAttempt.clear(); // only accounts under attack have one; forgetting them allows one more attempt each
        }
        long[] next = nextAttempt.computeIfAbsent(a, k -> new long[1]);
        synchronized (next) {
            if (now >= next[0]) {
                next[0] = now + ACCOUNT_INTERVAL_MILLIS;
                return Decision.ALLOW;
            }
            return new Decision(false, Math.max(1, (next[0] - now + 999) / 1000),
                    "account '" + a + "' is under attack: one attempt a second from new addresses");
        }
    }

    /** A wrong password, token or Digest answer. */
    public void failed(String source, String account) {
        long now = clock.getAsLong();
        if (add(sources, source, SOURCE_FAILURES, now)) {
            listener.limited(source, account, "source limited: " + SOURCE_FAILURES + " failed attempts");
        }
        String a = name(account);
        if (a != null && add(accounts, a, ACCOUNT_FAILURES, now)) {
            listener.limited(source, a, "account under attack: " + ACCOUNT_FAILURES + " failed attempts");
        }
    }

    /** A correct password: the source is known for this account from now on. */
    public void succeeded(String source, String account) {
        String a = name(account);
        if (a == null) {
            return;
        }
        Set<String> s = known.computeIfAbsent(a, k -> new LinkedHashSet<>());
        synchronized (s) {
            s.remove(source);
            s.add(source);
            if (s.size() > MAX_KNOWN) {
                s.remove(s.iterator().next());
            }
        }
    }

    private boolean isKnown(String account, String source) {
        Set<String> s = known.get(account);
        if (s == null) {
            return false;
        }
        synchronized (s) {
            return s.contains(source);
        }
    }

    /** Adds a failure; true when this one reached the limit (the limiting starts). */
    private boolean add(Map<String, ArrayDeque<Long>> map, String key, int limit, long now) {
        if (key == null) {
            return false;
        }
        ArrayDeque<Long> q = map.get(key);
        if (q == null) {
            if (map.size() >= MAX_TRACKED) {
                if (now - lastFullPurge < 1000) {
                    return false; // purged a moment ago and still full: do not scan again for every request
                }
                lastFullPurge = now;
                purge(map, now);
                if (map.size() >= MAX_TRACKED) {
                    return false; // full of live entries: the per-account limit still holds
                }
            }
            q = map.computeIfAbsent(key, k -> new ArrayDeque<>());
        }
        synchronized (q) {
            expire(q, now);
            q.addLast(now);
            while (q.size() > limit * 2) {
                q.pollFirst();
            }
            return q.size() == limit;
        }
    }

    private static void purge(Map<String, ArrayDeque<Long>> map, long now) {
        map.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                expire(e.getValue(), now);
                return e.getValue().isEmpty();
            }
        });
    }

    private static void expire(ArrayDeque<Long> q, long now) {
        while (!q.isEmpty() && now - q.peekFirst() >= WINDOW_MILLIS) {
            q.pollFirst();
        }
    }

    /** Seconds until the key has fewer than {@code limit} failures in the window, 0 if it has now. */
    private static long wait(ArrayDeque<Long> q, int limit, long now) {
        long ms = waitRaw(q, limit, now);
        return ms == 0 ? 0 : Math.max(1, (ms + 999) / 1000);
    }

    private static long waitRaw(ArrayDeque<Long> q, int limit, long now) {
        if (q == null) {
            return 0;
        }
        synchronized (q) {
            expire(q, now);
            if (q.size() < limit) {
                return 0;
            }
            // the failure that must leave the window for the count to drop under the limit
            Long[] times = q.toArray(new Long[0]);
            long t = times[q.size() - limit];
            return Math.max(1, t + WINDOW_MILLIS - now);
        }
    }

    /** Sources and accounts followed now (for the test that memory stays bounded). */
    int tracked() {
        return sources.size() + accounts.size();
    }

    private static String name(String account) {
        if (account == null || account.isEmpty()) {
            return null;
        }
        return account.length() > MAX_NAME ? account.substring(0, MAX_NAME) : account;
    }
}
