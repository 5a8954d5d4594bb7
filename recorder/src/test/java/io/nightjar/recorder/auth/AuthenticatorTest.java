package io.nightjar.recorder.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
    private final Credentials creds = new Credentials("admin", "hunter2");

    @Test
    void nothingIsSentBeforeAChallenge() {
        assertThat(new Authenticator(creds).authorization("DESCRIBE", "rtsp://cam/")).isNull();
    }

    @Test
    void theStrongestOfferedSchemeIsChosen() {
        Authenticator a = new Authenticator(creds);
        assertThat(a.onUnauthorized(List.of("Basic realm=\"cam\"", "Digest realm=\"cam\", nonce=\"1\"",
                "Digest realm=\"cam\", nonce=\"2\", algorithm=SHA-256, qop=\"auth\""))).isEqualTo(Authenticator.Outcome.RETRY);
        assertThat(a.scheme()).isEqualTo("digest SHA-256");
        assertThat(a.authorization("DESCRIBE", "rtsp://cam/")).contains("algorithm=SHA-256", "qop=auth");
    }

    @Test
    void basicIsUsedWhenItIsAllThatIsOffered() {
        Authenticator a = new Authenticator(creds);
        a.onUnauthorized(List.of("Basic realm=\"cam\""));
        assertThat(a.authorization("DESCRIBE", "rtsp://cam/")).isEqualTo("Basic YWRtaW46aHVudGVyMg==");
    }

    @Test
    void aSecondChallengeMeansTheCredentialsAreWrongUnlessTheNonceWasStale() {
        Authenticator a = new Authenticator(creds);
        assertThat(a.onUnauthorized(List.of("Digest realm=\"cam\", nonce=\"1\""))).isEqualTo(Authenticator.Outcome.RETRY);
        assertThat(a.onUnauthorized(List.of("Digest realm=\"cam\", nonce=\"2\", stale=TRUE"))).isEqualTo(Authenticator.Outcome.RETRY);
        assertThat(a.onUnauthorized(List.of("Digest realm=\"cam\", nonce=\"3\""))).isEqualTo(Authenticator.Outcome.REJECTED);
    }

    @Test
    void withoutCredentialsTheCallerIsToldSo() {
        assertThat(new Authenticator(null).onUnauthorized(List.of("Basic realm=\"x\""))).isEqualTo(Authenticator.Outcome.NO_CREDENTIALS);
        assertThat(new Authenticator(creds).onUnauthorized(List.of("Negotiate abc"))).isEqualTo(Authenticator.Outcome.UNSUPPORTED);
    }

    @Test
    void credentialsNeverPrintTheirPassword() {
        assertThat(creds.toString()).doesNotContain("hunter2").contains("***");
    }
}
