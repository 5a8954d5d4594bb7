package io.nightjar.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Footage, index, audit and exports are for the owner alone: the storage roots are 0700. */
class OwnerOnlyTest {
    @TempDir
    Path dir;

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aNewDataDirectoryAndCameraRootAreOwnerOnly() throws Exception {
        Path root = dir.resolve("data");
        Path other = dir.resolve("disk2");
        try (Storage s = Storage.open(StorageConfig.defaults(root).withCameraRoots(Map.of("yard", other)))) {
            assertThat(mode(root)).isEqualTo("rwx------");
            assertThat(mode(other)).isEqualTo("rwx------");
        }
    }

    @Test
    void anExistingDirectoryOthersCouldEnterIsTightenedUnlessSharingIsConfigured() throws Exception {
        Path root = Files.createDirectory(dir.resolve("open"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x")); // whatever the umask
        try (Storage s = Storage.open(StorageConfig.defaults(root).withOwnerOnly(false))) {
            assertThat(mode(root)).as("shared on purpose").isEqualTo("rwxr-xr-x");
        }
        try (Storage s = Storage.open(StorageConfig.defaults(root))) {
            assertThat(mode(root)).isEqualTo("rwx------");
        }
    }
}
