package io.nightjar.api.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightjar.api.auth.Role;
import io.nightjar.api.auth.UserStore;
import io.nightjar.recorder.auth.Challenge;
import io.nightjar.recorder.auth.Credentials;
import io.nightjar.recorder.auth.DigestAuthenticator;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's Digest check, answered by the recorder's own Digest client. */
class RtspDigestTest {
    @TempDir
    Path dir;

    @Test
    void anAnswerOpensOnlyTheUriItWasComputedFor() {
        UserStore users = new UserStore(dir.resolve("users.json"));
        users.createUser("viewer", "correct-horse-battery", Role.viewer, Set.of("*"));
        RtspDigest digest = new RtspDigest(users);
        DigestAuthenticator client = new DigestAuthenticator(Challenge.parse(digest.challenges(false).get(0)).get(0));
        Credentials c = new Credentials("viewer", "correct-horse-battery");
        String camA = "rtsp://127.0.0.1:8554/camA";
        String forA = client.authorization(c, "DESCRIBE", camA);

        RtspDigest.Result right = digest.verify("DESCRIBE", camA, forA);
        assertThat(right.principal()).isNotNull();
        assertThat(right.principal().user()).isEqualTo("viewer");

        RtspDigest.Result other = digest.verify("DESCRIBE", "rtsp://127.0.0.1:8554/camB", forA);
        assertThat(other.principal()).as("an answer for /camA does not open /camB").isNull();
        assertThat(other.failed()).as("and counts as a failed attempt").isTrue();

        assertThat(digest.verify("DESCRIBE", camA, client.authorization(new Credentials("viewer", "wrong"), "DESCRIBE", camA)).failed())
                .isTrue();
        assertThat(digest.verify("DESCRIBE", camA, null).failed()).as("no header is not a failure").isFalse();
    }
}
