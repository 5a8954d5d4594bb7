package io.nightjar.recorder.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 7616 section 3.9.1 test vectors, and the behaviour around them. */
class DigestAuthenticatorTest {
    private static final Credentials MUFASA = new Credentials("Mufasa", "Circle of Life");
    private static final String CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

    private static Challenge challenge(String algorithm) {
        return Challenge.parse("Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=" + algorithm
                + ", nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"").get(0);
    }

    @Test
    void rfc7616Md5Vector() {
        DigestAuthenticator d = new DigestAuthenticator(challenge("MD5"));
        assertThat(d.response(MUFASA, "GET", "/dir/index.html", CNONCE, "00000001")).isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
    }

    @Test
    void rfc7616Sha256Vector() {
        DigestAuthenticator d = new DigestAuthenticator(challenge("SHA-256"));
        assertThat(d.response(MUFASA, "GET", "/dir/index.html", CNONCE, "00000001"))
                .isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
    }

    @Test
    void theAuthorizationHeaderCarriesQopNonceCountAndOpaque() {
        DigestAuthenticator d = new DigestAuthenticator(challenge("SHA-256"));
        String h = d.authorization(MUFASA, "GET", "/dir/index.html", CNONCE, 1);
        assertThat(h).startsWith("Digest username=\"Mufasa\"")
                .contains("realm=\"http-auth@example.org\"", "uri=\"/dir/index.html\"", "algorithm=SHA-256", "qop=auth",
                        "nc=00000001", "cnonce=\"" + CNONCE + "\"", "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"",
                        "response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\"");
        assertThat(h).doesNotContain("Circle of Life");
    }

    @Test
    void withoutQopTheRfc2069FormIsUsedAsOldCamerasExpect() {
        Challenge c = Challenge.parse("Digest realm=\"IP Camera\", nonce=\"abc\"").get(0);
        DigestAuthenticator d = new DigestAuthenticator(c);
        String h = d.authorization(new Credentials("admin", "12345"), "DESCRIBE", "rtsp://10.0.0.5/stream1");
        assertThat(h).doesNotContain("qop").doesNotContain("nc=");
        // MD5(MD5(admin:IP Camera:12345):abc:MD5(DESCRIBE:rtsp://10.0.0.5/stream1)) computed independently
        assertThat(d.response(new Credentials("admin", "12345"), "DESCRIBE", "rtsp://10.0.0.5/stream1", "", ""))
                .isEqualTo(md5(md5("admin:IP Camera:12345") + ":abc:" + md5("DESCRIBE:rtsp://10.0.0.5/stream1")));
    }

    @Test
    void theNonceCountAdvancesWithEachRequest() {
        DigestAuthenticator d = new DigestAuthenticator(challenge("MD5"));
        assertThat(d.authorization(MUFASA, "OPTIONS", "rtsp://x/")).contains("nc=00000001");
        assertThat(d.authorization(MUFASA, "DESCRIBE", "rtsp://x/")).contains("nc=00000002");
    }

    @Test
    void severalChallengesInOneHeaderAreSeparated() {
        List<Challenge> cs = Challenge.parse("Digest realm=\"a\", nonce=\"n1\", algorithm=MD5, Digest realm=\"a\", nonce=\"n2\", algorithm=SHA-256, Basic realm=\"a\"");
        assertThat(cs).extracting(Challenge::scheme).containsExactly("digest", "digest", "basic");
        assertThat(cs.get(1).param("nonce")).isEqualTo("n2");
    }

    @Test
    void quotedStringsWithEscapesAndCommasParse() {
        Challenge c = Challenge.parse("Digest realm=\"a \\\"quoted\\\", realm\", nonce=\"x\"").get(0);
        assertThat(c.param("realm")).isEqualTo("a \"quoted\", realm");
    }

    static String md5(String s) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("MD5").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
