package io.nightjar.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Node-to-node calls, authenticated with the site's shared secret and made on behalf of a user: a
 * node that asks another for footage signs the request (method, URI, its node id, the time, and the
 * caller's user, role and cameras) with HMAC-SHA256; the node asked checks the signature and the
 * time (within {@link #MAX_SKEW_MILLIS}) and serves the request as that user, so a call between
 * nodes never sees more than the user who caused it could. Header:
 * {@code Authorization: NightjarNode <node>.<millis>.<user b64>.<role>.<cameras b64>.<hmac hex>}.
 */
public final class NodeAuth {
    public static final String SCHEME = "NightjarNode ";
    /** How far the two nodes' clocks (and the request's transit) may differ. */
    static final long MAX_SKEW_MILLIS = 60_000;
    /** How a principal from another node says how it authenticated: {@code node:<id>}. */
    public static final String VIA_PREFIX = "node:";

    private final String node;
    private final SecretKeySpec key;
    private final LongSupplier clock;

    public NodeAuth(String node, String secret, LongSupplier clock) {
        if (secret == null || secret.length() < 32) {
            throw new IllegalArgumentException("the cluster secret must be at least 32 characters");
        }
        this.node = node;
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.clock = clock;
    }

    /** The {@code Authorization} header value for {@code method uri} on behalf of {@code caller}. */
    public String sign(String method, String uri, Principal caller) {
        String fields = node + "." + clock.getAsLong() + "." + b64(caller.user()) + "." + caller.role().name() + "."
                + b64(String.join(",", caller.cameras()));
        return SCHEME + fields + "." + mac(method, uri, fields);
    }

    /** The user a signed request acts for, or null when the header is not a valid, current signature of this request. */
    public Principal verify(String method, String uri, String header) {
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        String value = header.substring(SCHEME.length()).trim();
        int lastDot = value.lastIndexOf('.');
        if (lastDot < 0) {
            return null;
        }
        String fields = value.substring(0, lastDot);
        byte[] given;
        try {
            given = HexFormat.of().parseHex(value.substring(lastDot + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (!MessageDigest.isEqual(given, HexFormat.of().parseHex(mac(method, uri, fields)))) {
            return null;
        }
        String[] f = fields.split("\\.", -1);
        if (f.length != 5) {
            return null;
        }
        try {
            long at = Long.parseLong(f[1]);
            if (Math.abs(clock.getAsLong() - at) > MAX_SKEW_MILLIS) {
                return null;
            }
            Set<String> cameras = new LinkedHashSet<>();
            for (String c : unb64(f[4]).split(",")) {
                if (!c.isEmpty()) {
                    cameras.add(c);
                }
            }
            return new Principal(unb64(f[2]), Role.valueOf(f[3]), Set.copyOf(cameras), VIA_PREFIX + f[0]);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** True for a principal that came from another node's signed call (it is answered with this node's own footage). */
    public static boolean fromNode(Principal p) {
        return p != null && p.via() != null && p.via().startsWith(VIA_PREFIX);
    }

    private String mac(String method, String uri, String fields) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return HexFormat.of().formatHex(m.doFinal((method + "\n" + uri + "\n" + fields).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String unb64(String s) {
        return new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8);
    }
}
