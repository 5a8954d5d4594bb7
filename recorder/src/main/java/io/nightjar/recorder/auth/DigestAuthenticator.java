package io.nightjar.recorder.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;

/**
 * Computes RFC 7616 Digest responses for one challenge: MD5, SHA-256 and their {@code -sess}
 * variants, with {@code qop=auth} (client nonce, nonce count) or without qop (RFC 2069 style, which
 * older cameras still use). {@code auth-int} is not offered by cameras in practice and is not
 * supported; a challenge offering only it falls back to no qop.
 */
public final class DigestAuthenticator {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Challenge challenge;
    private final String algorithm;
    private final String javaAlgorithm;
    private final boolean session;
    private final boolean qopAuth;
    private int nonceCount;

    public DigestAuthenticator(Challenge challenge) {
        if (!"digest".equals(challenge.scheme())) {
            throw new IllegalArgumentException("not a Digest challenge: " + challenge.scheme());
        }
        this.challenge = challenge;
        String alg = challenge.param("algorithm");
        this.algorithm = alg == null ? "MD5" : alg.trim();
        String upper = algorithm.toUpperCase(Locale.ROOT);
        this.session = upper.endsWith("-SESS");
        String base = session ? upper.substring(0, upper.length() - 5) : upper;
        if (base.equals("MD5")) {
            javaAlgorithm = "MD5";
        } else if (base.equals("SHA-256")) {
            javaAlgorithm = "SHA-256";
        } else {
            throw new IllegalArgumentException("unsupported Digest algorithm " + algorithm);
        }
        String qop = challenge.param("qop");
        this.qopAuth = qop != null && containsToken(qop, "auth");
    }

    /** True when the algorithm is one this class implements. */
    public static boolean supports(Challenge c) {
        if (!"digest".equals(c.scheme()) || c.param("nonce") == null) {
            return false;
        }
        String alg = c.param("algorithm");
        String a = alg == null ? "MD5" : alg.trim().toUpperCase(Locale.ROOT);
        return a.equals("MD5") || a.equals("MD5-SESS") || a.equals("SHA-256") || a.equals("SHA-256-SESS");
    }

    /** Strength rank used to pick among several challenges: SHA-256 above MD5. */
    public static int strength(Challenge c) {
        String alg = c.param("algorithm");
        return alg != null && alg.toUpperCase(Locale.ROOT).startsWith("SHA-256") ? 2 : 1;
    }

    public String algorithm() {
        return algorithm;
    }

    /** The Authorization header value for a request; each call advances the nonce count. */
    public String authorization(Credentials credentials, String method, String uri) {
        byte[] cnonceBytes = new byte[16];
        RANDOM.nextBytes(cnonceBytes);
        String cnonce = Base64.getEncoder().withoutPadding().encodeToString(cnonceBytes);
        return authorization(credentials, method, uri, cnonce, ++nonceCount);
    }

    /** Deterministic form, for test vectors. */
    public String authorization(Credentials credentials, String method, String uri, String cnonce, int nc) {
        String realm = nvl(challenge.param("realm"));
        String nonce = nvl(challenge.param("nonce"));
        String opaque = challenge.param("opaque");
        String ncHex = String.format(Locale.ROOT, "%08x", nc);
        String response = response(credentials, method, uri, cnonce, ncHex);
        StringBuilder sb = new StringBuilder("Digest ");
        sb.append("username=\"").append(quote(credentials.user())).append('"');
        sb.append(", realm=\"").append(quote(realm)).append('"');
        sb.append(", nonce=\"").append(quote(nonce)).append('"');
        sb.append(", uri=\"").append(quote(uri)).append('"');
        sb.append(", response=\"").append(response).append('"');
        if (challenge.param("algorithm") != null) {
            sb.append(", algorithm=").append(algorithm);
        }
        if (opaque != null) {
            sb.append(", opaque=\"").append(quote(opaque)).append('"');
        }
        if (qopAuth) {
            sb.append(", qop=auth, nc=").append(ncHex).append(", cnonce=\"").append(quote(cnonce)).append('"');
        }
        return sb.toString();
    }

    /** The {@code response} value (request-digest) of RFC 7616 3.4.1. */
    public String response(Credentials credentials, String method, String uri, String cnonce, String ncHex) {
        String realm = nvl(challenge.param("realm"));
        String nonce = nvl(challenge.param("nonce"));
        String ha1 = DigestMath.ha1(javaAlgorithm, credentials.user(), realm, credentials.password());
        if (session) {
            ha1 = DigestMath.hex(javaAlgorithm, ha1 + ":" + nonce + ":" + cnonce);
        }
        return DigestMath.requestDigest(javaAlgorithm, ha1, nonce, ncHex, cnonce, qopAuth, method, uri);
    }


    private static boolean containsToken(String list, String token) {
        for (String t : list.split(",")) {
            if (t.trim().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    private static String nvl(String s) {
        return s == null ? "" : s;
    }

    private static String quote(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
