package io.nightjar.api.rtsp;

import io.nightjar.api.auth.PasswordHasher;
import io.nightjar.api.auth.Principal;
import io.nightjar.api.auth.UserStore;
import io.nightjar.recorder.auth.Challenge;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import io.nightjar.recorder.auth.DigestMath;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Server side of RTSP Digest authentication (RFC 7616 as RTSP uses it): MD5 and SHA-256, with or
 * without {@code qop=auth}, checked against the users' stored HA1.
 *
 * <p>Nonces are stateless on the server but bound to one connection: a time stamp and the
 * connection's random tag under an HMAC with a per-process key, valid 5 minutes. An answer sniffed
 * on one connection therefore opens nothing on another (it is answered {@code stale=true}, which
 * costs the real client one round trip when it reconnects with an old nonce). With {@code qop=auth}
 * the nonce count must grow with every request (RFC 7616 3.4: a replay on the same connection is
 * refused the same way). Without qop (RFC 2069 clients such as live555 and GStreamer) a nonce may be
 * reused on its connection, which is all such a client can do.
 */
final class RtspDigest {
    static final long NONCE_MILLIS = 5 * 60_000;

    private final UserStore users;
    private final byte[] key = new byte[32];

    RtspDigest(UserStore users) {
        this.users = users;
        RANDOM.nextBytes(key);
    }

    /**
     * What one connection's Digest state is: the tag its nonces carry, and the highest nonce count
     * seen per nonce (the last few nonces only: a connection uses one at a time). Not thread-safe;
     * a connection's requests are handled one after another on its event loop.
     */
    static final class Peer {
        static final int NONCES = 8;
        final String tag;
        private final Map<String, Long> counts = new java.util.LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > NONCES;
            }
        };

        Peer() {
            byte[] b = new byte[12];
            RANDOM.nextBytes(b);
            tag = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        }

        /** True when {@code nc} is higher than any count seen with this nonce, which it then becomes. */
        boolean fresh(String nonce, long nc) {
            Long last = counts.get(nonce);
            if (last != null && nc <= last) {
                return false;
            }
            counts.put(nonce, nc);
            return true;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The WWW-Authenticate values for a connection: SHA-256 first (preferred), then MD5 for older clients. */
    List<String> challenges(boolean stale, Peer peer) {
        String nonce = nonce(System.currentTimeMillis(), peer.tag);
        String s = stale ? ", stale=true" : "";
        return List.of(
                "Digest realm=\"" + UserStore.RTSP_REALM + "\", nonce=\"" + nonce + "\", algorithm=SHA-256, qop=\"auth\"" + s,
                "Digest realm=\"" + UserStore.RTSP_REALM + "\", nonce=\"" + nonce + "\", algorithm=MD5, qop=\"auth\"" + s);
    }

    /**
     * Outcome of a check.
     *
     * @param principal who, or null when denied
     * @param stale     the answer was right for a nonce that is expired, of another connection, or
     *                  replayed (a nonce count already seen): the client retries with a new one
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
     * another), on the connection the nonce was given to.
     */
    Result verify(String method, String requestUri, String header, Peer peer) {
        return verifyParams(method, requestUri, parse(header), peer);
    }

    /** The parameters of a {@code Digest} Authorization header, or null when it is not one or cannot be read. */
    static Map<String, String> parse(String header) {
        if (header == null || !header.regionMatches(true, 0, "Digest ", 0, 7)) {
            return null;
        }
        try {
            List<Challenge> parsed = Challenge.parse(header);
            return parsed.isEmpty() ? null : parsed.get(0).params();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** {@link #verify(String, String, String, Peer)} with the header already parsed ({@link #parse}); null params: no Digest. */
    Result verifyParams(String method, String requestUri, Map<String, String> p, Peer peer) {
        if (p == null) {
            return new Result(null, false);
        }
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
        NonceState nonceState = checkNonce(nonce, peer.tag);
        String ha1 = users.digestHa1(user, algorithm);
        String javaAlg = algorithm.equalsIgnoreCase("SHA-256") ? "SHA-256" : "MD5";
        String expected;
        String qop = p.get("qop");
        if (ha1 == null) {
            ha1 = DigestMath.hex(javaAlg, "no-such-user"); // same work either way
        }
        long nc = -1;
        if ("auth".equals(qop)) {
            nc = nonceCount(p.get("nc"));
            if (nc < 0 || p.get("cnonce") == null) {
                return new Result(null, false, user, true);
            }
            expected = DigestMath.requestDigest(javaAlg, ha1, nonce, p.get("nc"), p.get("cnonce"), true, method, uri);
        } else {
            expected = DigestMath.requestDigest(javaAlg, ha1, nonce, null, null, false, method, uri);
        }
        boolean match = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                response.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        if (!match || users.digestHa1(user, algorithm) == null) {
            return new Result(null, false, user, true);
        }
        if (nonceState == NonceState.FORGED) {
            return new Result(null, false, user, true);
        }
        if (nonceState != NonceState.VALID || (nc >= 0 && !peer.fresh(nonce, nc))) {
            return new Result(null, true, user, false); // right password, unusable nonce: stale=true lets the client retry
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

    /** The {@code nc} parameter: eight hex digits (RFC 7616 3.4), else -1. */
    static long nonceCount(String nc) {
        if (nc == null || nc.length() != 8) {
            return -1;
        }
        try {
            return Long.parseLong(nc, 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private String nonce(long millis, String tag) {
        String stamp = Long.toHexString(millis) + "." + tag;
        return stamp + "." + mac(stamp);
    }

    enum NonceState { VALID, EXPIRED, OTHER_CONNECTION, FORGED }

    private NonceState checkNonce(String nonce, String tag) {
        int dot = nonce.lastIndexOf('.');
        int first = nonce.indexOf('.');
        if (first <= 0 || dot <= first) {
            return NonceState.FORGED;
        }
        String stamp = nonce.substring(0, dot);
        if (!MessageDigest.isEqual(mac(stamp).getBytes(StandardCharsets.US_ASCII), nonce.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
            return NonceState.FORGED;
        }
        long t;
        try {
            t = Long.parseLong(nonce.substring(0, first), 16);
        } catch (NumberFormatException e) {
            return NonceState.FORGED;
        }
        if (!nonce.substring(first + 1, dot).equals(tag)) {
            return NonceState.OTHER_CONNECTION;
        }
        return System.currentTimeMillis() - t > NONCE_MILLIS ? NonceState.EXPIRED : NonceState.VALID;
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
