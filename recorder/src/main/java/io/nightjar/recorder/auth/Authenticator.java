package io.nightjar.recorder.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Answers a server's challenges for one connection. Picks the strongest scheme offered (Digest
 * SHA-256, then Digest MD5, then Basic), never sends credentials before being challenged, and
 * tells a wrong password (a second challenge that is not {@code stale}) from an expired nonce.
 */
public final class Authenticator {
    /** What to do after a 401. */
    public enum Outcome { RETRY, REJECTED, NO_CREDENTIALS, UNSUPPORTED }

    private final Credentials credentials;
    private DigestAuthenticator digest;
    private boolean basic;
    private String scheme = "none";
    private boolean answered;

    /** @param credentials null when the camera URL and configuration give none */
    public Authenticator(Credentials credentials) {
        this.credentials = credentials;
    }

    /** The scheme in use: "none", "basic", "digest MD5", "digest SHA-256". */
    public String scheme() {
        return scheme;
    }

    /** Handles a 401's WWW-Authenticate headers. */
    public Outcome onUnauthorized(List<String> wwwAuthenticate) {
        Challenge best = null;
        for (String header : wwwAuthenticate) {
            for (Challenge c : Challenge.parse(header)) {
                if (DigestAuthenticator.supports(c)) {
                    if (best == null || !"digest".equals(best.scheme()) || DigestAuthenticator.strength(c) > DigestAuthenticator.strength(best)) {
                        best = c;
                    }
                } else if ("basic".equals(c.scheme()) && best == null) {
                    best = c;
                }
            }
        }
        if (best == null) {
            return Outcome.UNSUPPORTED;
        }
        if (credentials == null) {
            return Outcome.NO_CREDENTIALS;
        }
        boolean stale = "true".equalsIgnoreCase(best.param("stale"));
        if (answered && !stale) {
            return Outcome.REJECTED;
        }
        answered = true;
        if ("digest".equals(best.scheme())) {
            digest = new DigestAuthenticator(best);
            basic = false;
            scheme = "digest " + digest.algorithm();
        } else {
            digest = null;
            basic = true;
            scheme = "basic";
        }
        return Outcome.RETRY;
    }

    /** The Authorization header for a request, or null before any challenge. */
    public String authorization(String method, String uri) {
        if (digest != null) {
            return digest.authorization(credentials, method, uri);
        }
        if (basic) {
            String token = credentials.user() + ":" + credentials.password();
            return "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8));
        }
        return null;
    }

    /** A request was accepted: a later 401 (new nonce) may be answered again. */
    public void onAccepted() {
        answered = false;
    }
}
