package io.nightjar.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Node-to-node calls: a signature binds the request, the time and the user it acts for; anything else is refused. */
class NodeAuthTest {
    static final String SECRET = "0123456789abcdef0123456789abcdef";
    final AtomicLong now = new AtomicLong(1_780_000_000_000L);
    final NodeAuth n1 = new NodeAuth("n1", SECRET, now::get);
    final NodeAuth n2 = new NodeAuth("n2", SECRET, now::get);
    final Principal viewer = new Principal("ann", Role.viewer, Set.of("yard", "gate"), "basic");

    @Test
    void aSignedCallActsForTheUserWithHerRoleAndCamerasAndSaysWhichNodeAsked() {
        String header = n1.sign("GET", "/api/v1/cameras/yard/spans?from=1&to=2", viewer);
        Principal p = n2.verify("GET", "/api/v1/cameras/yard/spans?from=1&to=2", header);
        assertThat(p.user()).isEqualTo("ann");
        assertThat(p.role()).isEqualTo(Role.viewer);
        assertThat(p.cameras()).containsExactlyInAnyOrder("yard", "gate");
        assertThat(p.via()).isEqualTo("node:n1");
        assertThat(NodeAuth.fromNode(p)).isTrue();
        assertThat(NodeAuth.fromNode(viewer)).isFalse();
        assertThat(p.mayAccess("porch")).as("never more than the user could").isFalse();
    }

    @Test
    void anotherRequestAnotherSecretAStaleTimeOrATamperedFieldIsRefused() {
        String uri = "/api/v1/cameras/yard/spans?from=1&to=2";
        String header = n1.sign("GET", uri, viewer);
        assertThat(n2.verify("GET", "/api/v1/cameras/gate/spans?from=1&to=2", header)).as("another URI").isNull();
        assertThat(n2.verify("DELETE", uri, header)).as("another method").isNull();
        assertThat(new NodeAuth("n2", "another-secret-of-32-characters!!", now::get).verify("GET", uri, header)).isNull();
        assertThat(n2.verify("GET", uri, header.replace(".viewer.", ".admin."))).as("role raised").isNull();
        String allCameras = header.replaceFirst("\\.viewer\\.[A-Za-z0-9_-]+\\.", ".viewer." + java.util.Base64.getUrlEncoder()
                .withoutPadding().encodeToString("*".getBytes()) + ".");
        assertThat(n2.verify("GET", uri, allCameras)).as("cameras widened").isNull();
        now.addAndGet(NodeAuth.MAX_SKEW_MILLIS + 1);
        assertThat(n2.verify("GET", uri, header)).as("too old").isNull();
        for (String junk : new String[] {null, "", "NightjarNode ", "NightjarNode x", "NightjarNode a.b.c.d.e.zz", "Basic abc",
            "NightjarNode n1.notanumber.YQ.viewer.eA." + "00".repeat(32)}) {
            assertThat(n2.verify("GET", uri, junk)).as(String.valueOf(junk)).isNull();
        }
    }

    @Test
    void aShortSecretIsRefused() {
        assertThatThrownBy(() -> new NodeAuth("n1", "short", now::get)).hasMessageContaining("at least 32");
    }
}
