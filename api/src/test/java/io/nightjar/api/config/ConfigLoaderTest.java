package io.nightjar.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration errors name the file, the field and what is wrong; nothing half-valid gets through. */
class ConfigLoaderTest {
    static final Map<String, String> ENV = Map.of("CAM_PASSWORD", "s3cret-pw", "CLUSTER_SECRET", "0123456789abcdef0123456789abcdef");

    static NightjarConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse("nightjar.yml", yaml, ENV::get);
    }

    @Test
    void aFullConfigurationBindsWithEnvironmentVariables() throws Exception {
        NightjarConfig c = parse("""
                storage:
                  root: /var/lib/nightjar
                  maxAgeDays: 30
                  maxSize: 2TB
                server:
                  httpPort: 8080
                cameras:
                  - id: front-door
                    url: rtsp://10.0.0.5/stream1
                    subUrl: rtsp://10.0.0.5/stream2
                    user: admin
                    password: ${CAM_PASSWORD}
                    record: motion
                    prePostSeconds: 8
                    analytics:
                      sensitivity: 0.7
                      zones:
                        porch: [[0.1, 0.5], [0.5, 0.5], [0.5, 1.0], [0.1, 1.0]]
                """);
        assertThat(c.cameras).hasSize(1);
        CameraConfig cam = c.cameras.get(0);
        assertThat(cam.password).isEqualTo("s3cret-pw");
        assertThat(cam.record).isEqualTo(CameraConfig.RecordMode.motion);
        assertThat(cam.analytics.zones).containsKey("porch");
        assertThat(cam.toString()).doesNotContain("s3cret-pw");
        assertThat(Sizes.parse(c.storage.maxSize)).isEqualTo(2_000_000_000_000L);
    }

    @Test
    void eachMistakeIsReportedWithItsFieldAndReason() {
        expect("cameras:\n  - id: a\n    url: http://x/\n", "nightjar.yml: cameras[0].url:", "rtsp");
        expect("cameras:\n  - id: a\n    url: rtsp://x/\n    record: sometimes\n", "cameras[0].record", "sometimes");
        expect("cameras:\n  - id: a\n    url: rtsp://x/\n    colour: red\n", "cameras[0]", "unknown field 'colour'");
        expect("cameras:\n  - id: a\n    url: rtsp://x/\n  - id: a\n    url: rtsp://y/\n", "cameras[1].id", "used twice");
        expect("cameras:\n  - id: 'bad id!'\n    url: rtsp://x/\n", "cameras[0].id");
        expect("cameras:\n  - id: a\n    url: rtsp://x/\n    password: ${MISSING}\n", "cameras[0].password", "MISSING", "not set");
        expect("storage:\n  maxSize: lots\n", "storage.maxSize");
        expect("server:\n  httpPort: 70000\n", "server.httpPort", "70000");
        expect("cameras:\n  - id: a\n    url: rtsp://x/\n    analytics:\n      sensitivity: 2\n", "analytics.sensitivity");
        expect("cameras:\n  - id: a\n    url: rtsp://x/\n    analytics:\n      masks: [[[0, 0], [1, 1]]]\n", "analytics.masks[0]");
        expect("cameras: [\n", "not valid YAML");
        expect("- just\n- a list\n", "top level must be a mapping");
        expect("server:\n  rtspSessionsPerUser: 0\n", "server.rtspSessionsPerUser", "1-2000");
        expect("server:\n  maxConnections: 8\n", "server.maxConnections", "16-1000000");
        expect("server:\n  maxConnections: 100\n  maxConnectionsPerSource: 101\n", "server.maxConnectionsPerSource", "server.maxConnections");
        expect("server:\n  requestTimeoutSeconds: 0\n", "server.requestTimeoutSeconds", "1-600");
        expect("server:\n  tlsCertificate: /nonexistent.pem\n  tlsKey: /nonexistent.key\n", "TLS file");
    }

    @Test
    void aClusterSectionBindsWithDefaultsAndItsMistakesAreNamed() throws Exception {
        String root = "storage:\n  root: /var/lib/nightjar\n";
        NightjarConfig c = parse(root + "cluster:\n  zookeeper: zk1:2181,zk2:2181\n  node: recorder-1\n  secret: ${CLUSTER_SECRET}\n"
                + "cameras:\n  - id: a\n    url: rtsp://x/\n    priority: high\n    failover: false\n");
        assertThat(c.cluster.namespace).isEqualTo("nightjar");
        assertThat(c.cluster.sessionTimeoutSeconds).isEqualTo(10);
        assertThat(c.cluster.handoffSeconds).isEqualTo(5);
        assertThat(c.cameras.get(0).failover).isFalse();
        assertThat(parse(root + "cameras:\n  - id: a\n    url: rtsp://x/\n").cluster).as("no section: one node alone").isNull();
        assertThat(parse(root + "cameras:\n  - id: a\n    url: rtsp://x/\n").cameras.get(0).failover).isTrue();
        expect(root + "cluster:\n  node: a\n", "cluster.zookeeper", "required");
        expect(root + "cluster:\n  zookeeper: zk1\n  node: a\n", "cluster.zookeeper", "host:port");
        expect(root + "cluster:\n  zookeeper: zk1:2181\n", "cluster.node", "nothing");
        expect(root + "cluster:\n  zookeeper: zk1:2181\n  node: 'a/b'\n", "cluster.node", "'a/b'");
        expect(root + "cluster:\n  zookeeper: zk1:2181\n  node: a\n  secret: ${CLUSTER_SECRET}\n  sessionTimeoutSeconds: 1\n", "cluster.sessionTimeoutSeconds", "2-120");
        expect(root + "cluster:\n  zookeeper: zk1:2181\n  node: a\n  secret: ${CLUSTER_SECRET}\n  capacityCameras: 0\n", "cluster.capacityCameras");
        expect(root + "cluster:\n  zookeeper: zk1:2181\n  node: a\n  secret: ${CLUSTER_SECRET}\n  handoffSeconds: 61\n", "cluster.handoffSeconds", "0-60");
        expect(root + "cluster:\n  zookeeper: zk1:2181\n  node: a\n  secret: ${CLUSTER_SECRET}\n  advertiseHttp: somewhere\n", "cluster.advertiseHttp");
        expect(root + "cluster:\n  zookeeper: zk1:2181\n  node: a\n", "cluster.secret", "at least 32 characters");
        expect(root + "cluster:\n  zookeeper: zk1:2181\n  node: a\n  secret: short\n", "cluster.secret");
    }

    static void expect(String yaml, String... parts) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ConfigException.class).satisfies(e -> {
            assertThat(e.getMessage()).startsWith("nightjar.yml: ");
            for (String p : parts) {
                assertThat(e.getMessage()).contains(p);
            }
        });
    }

    @Test
    void theDocumentedExampleIsAValidConfiguration() throws Exception {
        java.nio.file.Path example = java.nio.file.Path.of("..", "nightjar.example.yml");
        NightjarConfig c = ConfigLoader.load(example, Map.of("FRONT_DOOR_PASSWORD", "x", "HOOK_SECRET", "y")::get);
        assertThat(c.cameras).extracting(cam -> cam.id).containsExactly("front-door");
        assertThat(c.events.webhooks).hasSize(1);
        assertThat(c.events.mqtt.topic).isEqualTo("nightjar");
        assertThatThrownBy(() -> ConfigLoader.load(example, Map.<String, String>of()::get))
                .hasMessageContaining("FRONT_DOOR_PASSWORD").hasMessageContaining("not set");
    }

    @Test
    void anEmptyFileIsAnErrorNotADefaultServerOnEveryAddress() {
        expect("", "is empty", "storage");
        expect("# only a comment\n", "is empty");
        expect("server:\n  httpPort: 8081\n", "storage.root: required");
    }

    @Test
    void aKeyGivenTwiceIsAnErrorWithItsLineNotLastOneWins() {
        expect("storage:\n  root: /srv/a\n  segmentMinutes: 5\n  root: /srv/b\n", "line 4", "'root' appears twice");
        expect("storage:\n  root: /srv/a\nserver:\n  httpPort: 1\nstorage:\n  root: /srv/b\n", "line 5", "'storage' appears twice");
        expect("storage: {root: /srv/a}\ncameras:\n  - id: a\n    url: rtsp://x/\n    url: rtsp://y/\n", "line 5", "'url' appears twice");
    }

    @Test
    void aBindAddressThatIsNotOneOfThisMachinesIsRefusedBeforeAnythingOpens() {
        expect("storage: {root: /srv/a}\nserver: {bind: 999.1.1.1}\n", "server.bind", "'999.1.1.1' is not an IPv4 address");
        expect("storage: {root: /srv/a}\nserver: {bind: 1.2.3}\n", "server.bind", "not an IPv4 address");
        expect("storage: {root: /srv/a}\nserver: {bind: 192.0.2.77}\n", "server.bind", "not an address of this machine");
        expect("storage: {root: /srv/a}\nserver: {bind: \"\"}\n", "server.bind");
    }

    @TempDir
    java.nio.file.Path dir;

    @Test
    void aRootThatIsAFileAndAFileThatIsNotTextAreOneLineErrors() throws Exception {
        java.nio.file.Path file = dir.resolve("not-a-dir");
        java.nio.file.Files.writeString(file, "x");
        expect("storage:\n  root: " + file + "\n", "storage.root", "is a file, not a directory");
        assertThat(file).hasContent("x");

        java.nio.file.Path binary = dir.resolve("nightjar.yml");
        java.nio.file.Files.write(binary, new byte[] {'s', 't', 0, 1, 2, (byte) 0xff, '\n'});
        assertThatThrownBy(() -> ConfigLoader.load(binary, ENV::get)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(binary + ": line 1: not a text file").hasMessageNotContaining("\n");
        java.nio.file.Files.write(binary, new byte[] {'a', ':', ' ', (byte) 0xc3, (byte) 0x28, '\n'});
        assertThatThrownBy(() -> ConfigLoader.load(binary, ENV::get)).hasMessageContaining("not UTF-8 text");
        assertThatThrownBy(() -> ConfigLoader.load(dir, ENV::get)).hasMessageContaining("is a directory");
    }

    @Test
    void aMinimalFileMeansEveryOtherDefault() throws Exception {
        NightjarConfig c = parse("storage:\n  root: /srv/nightjar\n");
        assertThat(c.server.httpPort).isEqualTo(8080);
        assertThat(c.server.rtspPort).isEqualTo(8554);
        assertThat(c.storage.segmentMinutes).isEqualTo(5);
        assertThat(c.cameras).isEmpty();
    }
}
