package io.nightjar.recorder.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The arithmetic of HTTP Digest (RFC 7616 3.4.1), once, for the RTSP client that answers cameras
 * and the RTSP server that checks restream clients.
 */
public final class DigestMath {
    private DigestMath() {
    }

    /** Lower-case hex of {@code javaAlgorithm} ("MD5", "SHA-256") over the UTF-8 bytes of {@code text}. */
    public static String hex(String javaAlgorithm, String text) {
        try {
            byte[] d = MessageDigest.getInstance(javaAlgorithm).digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder(d.length * 2);
            for (byte b : d) {
                sb.append(Character.forDigit((b >>> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(javaAlgorithm + " missing from the JDK", e);
        }
    }

    /** H(user:realm:password). */
    public static String ha1(String javaAlgorithm, String user, String realm, String password) {
        return hex(javaAlgorithm, user + ":" + realm + ":" + password);
    }

    /**
     * The request-digest ({@code response=}): with {@code qop=auth}
     * H(HA1:nonce:nc:cnonce:auth:HA2), without it H(HA1:nonce:HA2), where HA2 = H(method:uri).
     */
    public static String requestDigest(String javaAlgorithm, String ha1, String nonce, String ncHex, String cnonce, boolean qopAuth,
                                       String method, String uri) {
        String ha2 = hex(javaAlgorithm, method + ":" + uri);
        if (qopAuth) {
            return hex(javaAlgorithm, ha1 + ":" + nonce + ":" + ncHex + ":" + cnonce + ":auth:" + ha2);
        }
        return hex(javaAlgorithm, ha1 + ":" + nonce + ":" + ha2);
    }
}
