package io.nightjar.api.server;

import io.nightjar.api.config.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Names of segment files in URLs that cannot be guessed: {@code <id>-<tag>}, where the tag is the
 * first 64 bits of an HMAC-SHA256 of the camera and file id under a key kept, owner-only, in the
 * server's state directory (so links stay valid across restarts). The index's file ids are a
 * sequence; without the tag, whoever may see one camera could walk them. Authorization is still
 * checked on every request: the tag is defence in depth, not a capability.
 */
public final class FileLinks {
    /** The key file, in the state directory. */
    public static final String KEY_FILE = "file-links.key";
    private static final int TAG_BYTES = 8;

    private final byte[] key;

    private FileLinks(byte[] key) {
        this.key = key;
    }

    /** The links of a server whose key is (or is created) in {@code stateDir}. */
    public static FileLinks open(Path stateDir) throws IOException {
        Path f = stateDir.resolve(KEY_FILE);
        if (Files.exists(f)) {
            byte[] k = Files.readAllBytes(f);
            if (k.length != 32) {
                throw new IOException(f + " is not a file-link key (32 bytes, was " + k.length + "): delete it to make a new one");
            }
            return new FileLinks(k);
        }
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        PrivateFiles.write(f, k);
        return new FileLinks(k);
    }

    /** The URL name of a camera's file: {@code <id>-<16 hex digits>}. */
    public String name(String camera, long fileId) {
        return fileId + "-" + tag(camera, fileId);
    }

    /**
     * The file id a URL name stands for when its tag is right for {@code camera}, else -1 (also for
     * anything that is not such a name).
     */
    public long parse(String camera, String name) {
        int dash = name.indexOf('-');
        if (dash <= 0 || dash > 18 || name.length() != dash + 1 + TAG_BYTES * 2) {
            return -1;
        }
        for (int i = 0; i < dash; i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return -1;
            }
        }
        long id;
        try {
            id = Long.parseLong(name.substring(0, dash));
        } catch (NumberFormatException e) {
            return -1;
        }
        byte[] expected = tag(camera, id).getBytes(StandardCharsets.US_ASCII);
        byte[] given = name.substring(dash + 1).toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) ? id : -1;
    }

    private String tag(String camera, long fileId) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] mac = m.doFinal((camera + "/" + fileId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac, 0, TAG_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
