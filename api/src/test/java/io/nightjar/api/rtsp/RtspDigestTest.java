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
        RtspDigest.Peer peer = new RtspDigest.Peer();
        DigestAuthenticator client = new DigestAuthenticator(Challenge.parse(digest.challenges(false, peer).get(0)).get(0));
        Credentials c = new Credentials("viewer", "correct-horse-battery");
        String camA = "rtsp://127.0.0.1:8554/camA";
        String forA = client.authorization(c, "DESCRIBE", camA);

        RtspDigest.Result right = digest.verify("DESCRIBE", camA, forA, peer);
        assertThat(right.principal()).isNotNull();
        assertThat(right.principal().user()).isEqualTo("viewer");

        RtspDigest.Result other = digest.verify("DESCRIBE", "rtsp://127.0.0.1:8554/camB", client.authorization(c, "DESCRIBE", camA), peer);
        assertThat(other.principal()).as("an answer for /camA does not open /camB").isNull();
        assertThat(other.failed()).as("and counts as a failed attempt").isTrue();

        assertThat(digest.verify("DESCRIBE", camA, client.authorization(new Credentials("viewer", "wrong"), "DESCRIBE", camA), peer).failed())
                .isTrue();
        assertThat(digest.verify("DESCRIBE", camA, null, peer).failed()).as("no header is not a failure").isFalse();
    }

    @Test
    void anAnswerSeenOnOneConnectionOpensNothingOnAnother() {
        UserStore users = viewer();
        RtspDigest digest = new RtspDigest(users);
        RtspDigest.Peer mine = new RtspDigest.Peer();
        RtspDigest.Peer attacker = new RtspDigest.Peer();
        DigestAuthenticator client = new DigestAuthenticator(Challenge.parse(digest.challenges(false, mine).get(0)).get(0));
        String sniffed = client.authorization(RIGHT, "DESCRIBE", CAM);

        RtspDigest.Result replayed = digest.verify("DESCRIBE", CAM, sniffed, attacker);
        assertThat(replayed.principal()).as("the same header replayed on another connection").isNull();
        assertThat(replayed.stale()).as("answered stale: a real client that kept an old nonce retries with a new one").isTrue();
        assertThat(digest.verify("DESCRIBE", CAM, sniffed, mine).principal()).as("on its own connection").isNotNull();
    }

    @Test
    void withQopTheNonceCountMustGrowSoARepeatedRequestIsRefused() {
        UserStore users = viewer();
        RtspDigest digest = new RtspDigest(users);
        RtspDigest.Peer peer = new RtspDigest.Peer();
        DigestAuthenticator client = new DigestAuthenticator(Challenge.parse(digest.challenges(false, peer).get(0)).get(0));

        String first = client.authorization(RIGHT, "DESCRIBE", CAM, "cnonce-a", 1);
        assertThat(digest.verify("DESCRIBE", CAM, first, peer).principal()).isNotNull();
        RtspDigest.Result again = digest.verify("DESCRIBE", CAM, first, peer);
        assertThat(again.principal()).as("nc=00000001 a second time").isNull();
        assertThat(again.stale()).isTrue();
        assertThat(again.failed()).as("a replay is not a password guess").isFalse();
        assertThat(digest.verify("DESCRIBE", CAM, client.authorization(RIGHT, "DESCRIBE", CAM, "cnonce-b", 1), peer).principal())
                .as("a lower or equal count with another client nonce").isNull();
        assertThat(digest.verify("DESCRIBE", CAM, client.authorization(RIGHT, "DESCRIBE", CAM, "cnonce-c", 2), peer).principal())
                .as("the next count").isNotNull();
        assertThat(digest.verify("DESCRIBE", CAM, client.authorization(RIGHT, "DESCRIBE", CAM, "cnonce-d", 7), peer).principal())
                .as("counts may skip (requests the server never saw)").isNotNull();
    }

    @Test
    void withoutQopAClientMayReuseItsNonceOnItsConnection() {
        UserStore users = viewer();
        RtspDigest digest = new RtspDigest(users);
        RtspDigest.Peer peer = new RtspDigest.Peer();
        String challenge = digest.challenges(false, peer).get(1).replace(", qop=\"auth\"", "");
        DigestAuthenticator rfc2069 = new DigestAuthenticator(Challenge.parse(challenge).get(0));
        String header = rfc2069.authorization(RIGHT, "OPTIONS", CAM);
        assertThat(header).doesNotContain("nc=");
        for (int i = 0; i < 3; i++) {
            assertThat(digest.verify("OPTIONS", CAM, header, peer).principal()).as("keepalive %d", i).isNotNull();
        }
    }

    @Test
    void aForgedNonceIsAFailedAttemptAndNeverStale() {
        UserStore users = viewer();
        RtspDigest digest = new RtspDigest(users);
        RtspDigest.Peer peer = new RtspDigest.Peer();
        String forged = "Digest realm=\"Nightjar\", nonce=\"18c0ffee." + peer.tag + ".AAAA\", algorithm=MD5";
        DigestAuthenticator client = new DigestAuthenticator(Challenge.parse(forged).get(0));
        RtspDigest.Result r = digest.verify("DESCRIBE", CAM, client.authorization(RIGHT, "DESCRIBE", CAM), peer);
        assertThat(r.principal()).isNull();
        assertThat(r.stale()).as("stale=true would tell an attacker the password was right").isFalse();
        assertThat(r.failed()).isTrue();
    }

    static final String CAM = "rtsp://127.0.0.1:8554/camA";
    static final Credentials RIGHT = new Credentials("viewer", "correct-horse-battery");

    private UserStore viewer() {
        UserStore users = new UserStore(dir.resolve("users.json"));
        users.createUser("viewer", "correct-horse-battery", Role.viewer, Set.of("*"));
        return users;
    }
}
