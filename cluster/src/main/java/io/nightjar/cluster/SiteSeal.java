package io.nightjar.cluster;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals what the site keeps in ZooKeeper that holds secrets (camera passwords, password and token
 * hashes): AES-256-GCM under a key derived from the cluster secret, the record's path bound in as
 * associated data (a sealed record moved to another path does not open). Whoever can read
 * ZooKeeper but lacks the secret learns only the records' sizes.
 *
 * <p>Format: {@code "NJS1"}, a 12-byte random nonce, then the ciphertext with its 16-byte tag.
 */
public final class SiteSeal {
    private static final byte[] MAGIC = "NJS1".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    /** @param secret the cluster secret (the same on every node; at least 32 characters) */
    public SiteSeal(String secret) {
        if (secret == null || secret.length() < 32) {
            throw new IllegalArgumentException("the cluster secret must be at least 32 characters");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            this.key = new SecretKeySpec(mac.doFinal("nightjar site records v1".getBytes(StandardCharsets.US_ASCII)), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", e);
        }
    }

    /** {@code plain}, sealed for {@code path}. */
    public byte[] seal(String path, byte[] plain) {
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(path.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(plain);
            return ByteBuffer.allocate(MAGIC.length + NONCE + sealed.length).put(MAGIC).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JVM", e);
        }
    }

    /**
     * The content of a record sealed for {@code path}, or an {@link IllegalStateException} saying
     * why not (not a sealed record; sealed with another secret, for another path, or altered).
     */
    public byte[] open(String path, byte[] sealed) {
        if (sealed == null || sealed.length < MAGIC.length + NONCE + TAG_BITS / 8
                || !Arrays.equals(Arrays.copyOf(sealed, MAGIC.length), MAGIC)) {
            throw new IllegalStateException("the record at " + path + " is not a sealed site record");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, MAGIC.length, NONCE));
            c.updateAAD(path.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(sealed, MAGIC.length + NONCE, sealed.length - MAGIC.length - NONCE);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalStateException("the record at " + path + " does not open with this node's cluster secret "
                    + "(another secret sealed it, or it was altered): every node of a site needs the same cluster.secret");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JVM", e);
        }
    }
}
