package io.nightjar.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The one guessing limiter: slow for guessers, never a lock-out for the real user. */
class AuthGuardTest {
    final AtomicLong now = new AtomicLong(1_000_000);
    final List<String> limited = new ArrayList<>();
    final AuthGuard guard = new AuthGuard(now::get, (source, account, what) -> limited.add(source + " " + account + ": " + what));

    private void fail(String source, String account, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(guard.check(source, account).allowed()).isTrue();
            guard.failed(source, account);
        }
    }

    @Test
    void aSourceIsRefusedAfterTenFailuresUntilTheyLeaveTheWindow() {
        fail("10.0.0.9", "admin", AuthGuard.SOURCE_FAILURES);
        AuthGuard.Decision d = guard.check("10.0.0.9", "admin");
        assertThat(d.allowed()).isFalse();
        assertThat(d.retryAfterSeconds()).isBetween(299L, 300L);
        assertThat(guard.check("10.0.0.9", "someone-else").allowed()).as("whatever account it tries").isFalse();
        assertThat(guard.check("10.0.0.9", null).allowed()).as("tokens too").isFalse();
        assertThat(limited).containsExactly("10.0.0.9 admin: source limited: 10 failed attempts");
        now.addAndGet(AuthGuard.WINDOW_MILLIS);
        assertThat(guard.check("10.0.0.9", "admin").allowed()).isTrue();
    }

    @Test
    void anotherSourceIsNotRefusedBecauseOfTheFirst() {
        fail("10.0.0.9", "admin", AuthGuard.SOURCE_FAILURES);
        assertThat(guard.check("10.0.0.1", "admin").allowed()).as("the real admin, elsewhere").isTrue();
    }

    @Test
    void anAccountUnderAttackFromManySourcesStillLetsItsKnownSourcesInAndNewOnesOnceASecond() {
        guard.succeeded("192.168.1.5", "admin"); // where the admin usually logs in from
        for (int s = 0; s < AuthGuard.ACCOUNT_FAILURES / AuthGuard.SOURCE_FAILURES; s++) {
            fail("10.0.0." + s, "admin", AuthGuard.SOURCE_FAILURES);
        }
        assertThat(limited).anyMatch(l -> l.contains("account under attack"));
        for (int i = 0; i < 5; i++) {
            assertThat(guard.check("192.168.1.5", "admin").allowed()).as("a known source is never held back").isTrue();
        }
        assertThat(guard.check("172.16.0.1", "admin").allowed()).as("a new source: one attempt").isTrue();
        AuthGuard.Decision second = guard.check("172.16.0.2", "admin");
        assertThat(second.allowed()).as("then the next new source waits").isFalse();
        assertThat(second.retryAfterSeconds()).isEqualTo(1);
        now.addAndGet(AuthGuard.ACCOUNT_INTERVAL_MILLIS);
        assertThat(guard.check("172.16.0.2", "admin").allowed()).as("a second later it may try").isTrue();
        assertThat(guard.check("172.16.0.3", "bob").allowed()).as("other accounts are not affected").isTrue();
    }

    @Test
    void memoryIsBoundedWhateverTheAttackerSends() {
        for (int i = 0; i < AuthGuard.MAX_TRACKED + 1000; i++) {
            guard.failed("s" + i, "u" + i + "x".repeat(1000));
        }
        assertThat(guard.tracked()).isLessThanOrEqualTo(2 * AuthGuard.MAX_TRACKED);
        now.addAndGet(AuthGuard.WINDOW_MILLIS); // every failure has left the window: purged when room is needed
        for (int i = 0; i < AuthGuard.SOURCE_FAILURES; i++) {
            guard.failed("late", "late");
        }
        assertThat(guard.check("late", "other").allowed()).as("a new source is followed again once old ones expired").isFalse();
    }
}
