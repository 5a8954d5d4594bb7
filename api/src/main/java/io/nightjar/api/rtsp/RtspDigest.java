package io.nightjar.api.rtsp;

import io.nightjar.api.auth.PasswordHasher;
import io.nightjar.api.auth.Principal;
import io.nightjar.api.auth.UserStore;
import io.nightjar.recorder.auth.Challenge;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Server side of RTSP Digest authentication (RFC 7616 as RTSP uses it): stateless nonces (a time
 * stamp and its HMAC under a per-process key, valid 5 minutes), MD5 and SHA-256, with or without
 * {@code qop=auth}, checked against the users' stored HA1.
 */
final class RtspDigest {
    static final long NONCE_MILLIS = 5 * 60_000;

    private final UserStore users;
    private final byte[] key = new byte[32];

    RtspDigest(UserStore users) {
        this.users = users;
        new SecureRandom().nextBytes(key);
    }

    /** The WWW-Authenticate values: SHA-256 first (preferred), then MD5 for older clients. */
    List<String> challenges(boolean stale) {
        String nonce = nonce(System.currentTimeMillis());
        String s = stale ? ", stale=true" : "";
        return List.of(
                "Digest realm=\"" + UserStore.RTSP_REALM + "\", nonce=\"" + nonce + "\", algorithm=SHA-256, qop=\"auth\"" + s,
                "Digest realm=\"" + UserStore.RTSP_REALM + "\", nonce=\"" + nonce + "\", algorithm=MD5, qop=\"auth\"" + s);
    }

    /**
     * Outcome of a check.
     *
     * @param principal who, or null when denied
     * @param stale     the answer was right for an expired nonce (the client retries with a new one)
     * @param user      the user name the client claimed, or null
     * @param failed    a wrong answer (counted by the guessing limiter); false when no Digest header came
     */
    record Result(Principal principal, boolean stale, String user, boolean failed) {
        Result(Principal principal, boolean stale) {
            this(principal, stale, null, false);
        }
    }

    /**
     * Checks an Authorization header for a request; a null principal means denied. The {@code uri}
     * the answer was computed for must be the request's (an answer for one camera does not open
     * another).
     */
    Result verify(String method, String requestUri, String header) {
        if (header == null || !header.regionMatches(true, 0, "Digest ", 0, 7)) {
            return new Result(null, false);
        }
        List<Challenge> parsed;
        try {
            parsed = Challenge.parse(header);
        } catch (RuntimeException e) {
            return new Result(null, false);
        }
        if (parsed.isEmpty()) {
            return new Result(null, false);
        }
        Map<String, String> p = parsed.get(0).params();
        String user = p.get("username");
        String nonce = p.get("nonce");
        String uri = p.get("uri");
        String response = p.get("response");
        String algorithm = p.getOrDefault("algorithm", "MD5");
        if (user == null || nonce == null || uri == null || response == null
                || !(algorithm.equalsIgnoreCase("MD5") || algorithm.equalsIgnoreCase("SHA-256"))) {
            return new Result(null, false);
        }
        if (!UserStore.RTSP_REALM.equals(p.get("realm")) || !sameUri(uri, requestUri)) {
            return new Result(null, false, user, true);
        }
        int nonceState = checkNonce(nonce);
        String ha1 = users.digestHa1(user, algorithm);
        String javaAlg = algorithm.equalsIgnoreCase("SHA-256") ? "SHA-256" : "MD5";
        String expected;
        String ha2 = PasswordHasher.hex(javaAlg, method + ":" + uri);
        String qop = p.get("qop");
        if (ha1 == null) {
            ha1 = PasswordHasher.hex(javaAlg, "no-such-user"); // same work either way
        }
        if ("auth".equals(qop)) {
            expected = PasswordHasher.hex(javaAlg, ha1 + ":" + nonce + ":" + p.get("nc") + ":" + p.get("cnonce") + ":auth:" + ha2);
        } else {
            expected = PasswordHasher.hex(javaAlg, ha1 + ":" + nonce + ":" + ha2);
        }
        boolean match = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                response.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        if (!match || users.digestHa1(user, algorithm) == null) {
            return new Result(null, false, user, true);
        }
        if (nonceState != 0) {
            return new Result(null, nonceState > 0, user, nonceState < 0); // right password, old nonce: stale=true lets the client retry
        }
        return new Result(users.principalOf(user, "rtsp-digest"), false, user, false);
    }

    /** The Digest uri is the request's URL, or its path and query (RFC 7616 3.4: the request-target). */
    static boolean sameUri(String digestUri, String requestUri) {
        if (digestUri.equals(requestUri)) {
            return true;
        }
        try {
            java.net.URI r = java.net.URI.create(requestUri);
            String pathAndQuery = r.getRawPath() + (r.getRawQuery() == null ? "" : "?" + r.getRawQuery());
            return digestUri.equals(pathAndQuery);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private String nonce(long millis) {
        String ts = Long.toHexString(millis);
        return ts + "." + mac(ts);
    }

    /** 0 valid, 1 expired, -1 forged. */
    private int checkNonce(String nonce) {
        int dot = nonce.indexOf('.');
        if (dot <= 0) {
            return -1;
        }
        String ts = nonce.substring(0, dot);
        if (!MessageDigest.isEqual(mac(ts).getBytes(StandardCharsets.US_ASCII), nonce.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
            return -1;
        }
        try {
            long t = Long.parseLong(ts, 16);
            return System.currentTimeMillis() - t > NONCE_MILLIS ? 1 : 0;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private String mac(String text) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(m.doFinal(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
