package io.nightjar.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Site records are sealed: they open with the same secret for the same path, and say why they do not otherwise. */
class SiteSealTest {
    private static final String SECRET = "a-test-secret-of-at-least-32-characters";
    private final SiteSeal seal = new SiteSeal(SECRET);
    private final byte[] plain = "{\"password\":\"hunter2hunter2\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void opensWhatItSealed() {
        byte[] sealed = seal.seal("/shared/users", plain);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).startsWith("NJS1").doesNotContain("hunter2");
        assertThat(seal.open("/shared/users", sealed)).isEqualTo(plain);
        assertThat(new SiteSeal(SECRET).open("/shared/users", sealed)).as("another node with the same secret").isEqualTo(plain);
    }

    @Test
    void sealingTwiceGivesDifferentBytes() {
        assertThat(seal.seal("/shared/users", plain)).isNotEqualTo(seal.seal("/shared/users", plain));
    }

    @Test
    void anotherSecretAnotherPathOrAnAlteredRecordDoNotOpen() {
        byte[] sealed = seal.seal("/shared/users", plain);
        assertThatThrownBy(() -> new SiteSeal("another-secret-of-at-least-32-characters!").open("/shared/users", sealed))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("same cluster.secret");
        assertThatThrownBy(() -> seal.open("/shared/cameras", sealed)).isInstanceOf(IllegalStateException.class);
        byte[] altered = sealed.clone();
        altered[altered.length - 20] ^= 1;
        assertThatThrownBy(() -> seal.open("/shared/users", altered)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> seal.open("/shared/users", plain)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not a sealed site record");
        assertThatThrownBy(() -> seal.open("/shared/users", new byte[3])).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aShortSecretIsRefused() {
        assertThatThrownBy(() -> new SiteSeal("short")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32");
    }
}
