package io.nightjar.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the user store keeps what, and how much of it. */
class UserStoreTest {
    @TempDir
    Path dir;

    @Test
    void digestKeysLiveInTheirOwnOwnerOnlyFileNotBesideThePasswordHashes() throws Exception {
        UserStore users = new UserStore(dir.resolve("users.json"));
        users.createUser("ops", "correct-horse-battery", Role.operator, Set.of("*"));
        String ha1 = PasswordHasher.hex("MD5", "ops:" + UserStore.RTSP_REALM + ":correct-horse-battery");

        String userFile = Files.readString(dir.resolve("users.json"));
        assertThat(userFile).contains("passwordHash").doesNotContain(ha1).doesNotContainIgnoringCase("digest");
        Path digestFile = dir.resolve(UserStore.DIGEST_FILE);
        assertThat(Files.readString(digestFile)).contains(ha1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(digestFile))).isEqualTo("rw-------");
        assertThat(new UserStore(dir.resolve("users.json")).digestHa1("ops", "MD5")).as("read back").isEqualTo(ha1);

        users.deleteUser("ops");
        assertThat(Files.readString(digestFile)).as("a deleted user's keys go with it").doesNotContain(ha1);
    }

    @Test
    void aUserFileWrittenBeforeTheSplitGivesItsDigestKeysUpOnFirstOpen() throws Exception {
        String hash = PasswordHasher.hash("correct-horse-battery");
        Files.writeString(dir.resolve("users.json"), "{\"users\":[{\"name\":\"old\",\"role\":\"viewer\",\"passwordHash\":\"" + hash
                + "\",\"digestMd5\":\"aa11\",\"digestSha256\":\"bb22\",\"cameras\":[\"*\"]}],\"tokens\":[]}", StandardCharsets.UTF_8);

        UserStore users = new UserStore(dir.resolve("users.json"));
        assertThat(users.digestHa1("old", "MD5")).isEqualTo("aa11");
        assertThat(users.digestHa1("old", "SHA-256")).isEqualTo("bb22");
        assertThat(Files.readString(dir.resolve("users.json"))).doesNotContain("aa11").doesNotContain("bb22");
        assertThat(Files.readString(dir.resolve(UserStore.DIGEST_FILE))).contains("aa11").contains("bb22");
        assertThat(users.checkPassword("old", "correct-horse-battery")).as("the password still works").isNotNull();
    }

    @Test
    void loggingInInALoopDoesNotGrowTheSessionsPastTheirBound() {
        UserStore users = new UserStore(dir.resolve("users.json"));
        users.createUser("ops", "correct-horse-battery", Role.operator, Set.of("*"));
        Principal ops = users.principalOf("ops", "basic");
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            tokens.add(users.newSession(ops));
        }
        assertThat(users.sessionCount()).isEqualTo(UserStore.SESSIONS_PER_USER);
        long alive = tokens.stream().filter(t -> users.authenticateToken(t) != null).count();
        assertThat(alive).as("exactly that many still open").isEqualTo(UserStore.SESSIONS_PER_USER);
    }

    @Test
    void withDigestOffNoFastHashIsKeptAndOnesKeptBeforeAreDeleted() throws Exception {
        new UserStore(dir.resolve("users.json")).createUser("ops", "correct-horse-battery", Role.operator, Set.of("*"));
        assertThat(dir.resolve(UserStore.DIGEST_FILE)).exists();

        UserStore off = new UserStore(dir.resolve("users.json"), false);
        assertThat(dir.resolve(UserStore.DIGEST_FILE)).doesNotExist();
        assertThat(off.digestHa1("ops", "MD5")).isNull();
        off.createUser("later", "correct-horse-battery", Role.viewer, Set.of("*"));
        off.updateUser("ops", "another-good-password", null, null);
        assertThat(dir.resolve(UserStore.DIGEST_FILE)).doesNotExist();
        assertThat(Files.readString(dir.resolve("users.json"))).doesNotContainIgnoringCase("digest");
        assertThat(off.checkPassword("ops", "another-good-password")).isNotNull();
    }
}
