package io.nightjar.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Least privilege on disk: a storage root is a directory only its owner may enter (0700), so
 * every file below it — segment files, the index, the audit log, export jobs — is out of reach of
 * other local users whatever their own modes. Roots are created that way, and an existing root
 * that others could enter is tightened, with a log line saying what it was.
 */
public final class OwnerOnly {
    private static final Logger LOG = LoggerFactory.getLogger(OwnerOnly.class);
    private static final Set<PosixFilePermission> OWNER = PosixFilePermissions.fromString("rwx------");

    private OwnerOnly() {
    }

    /** Creates {@code dir} owner-only, or makes an existing one so. */
    public static void directory(Path dir) {
        try {
            Path existing = dir.toAbsolutePath();
            while (!Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (!Files.getFileStore(existing).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) {
                LOG.warn("{} is on a file system without POSIX permissions: it cannot be made owner-only", dir);
                Files.createDirectories(dir);
                return;
            }
            if (!Files.exists(dir)) {
                Files.createDirectories(dir.toAbsolutePath().getParent());
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER));
                return;
            }
            Set<PosixFilePermission> now = Files.getPosixFilePermissions(dir);
            if (!now.equals(OWNER)) {
                Files.setPosixFilePermissions(dir, OWNER);
                LOG.info("made {} owner-only (rwx------, was {}); set storage.ownerOnly: false to share it with a group", dir,
                        PosixFilePermissions.toString(now));
            }
        } catch (java.nio.file.FileAlreadyExistsException e) {
            directory(dir); // created meanwhile
        } catch (IOException e) {
            throw new StorageException("cannot make " + dir + " owner-only: " + e.getMessage(), e);
        }
    }
}
