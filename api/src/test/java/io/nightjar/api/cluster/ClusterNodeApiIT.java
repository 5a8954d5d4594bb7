package io.nightjar.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.nightjar.api.config.CameraConfig;
import io.nightjar.api.testing.ServerFixture;
import io.nightjar.recorder.testing.GstRtspCamera;
import java.nio.file.Path;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server with a {@code cluster:} section, alone in its site on a real ZooKeeper server: it
 * records a camera only once the controller (itself) assigns it, stamps the epoch into its files,
 * shows the cluster to callers by their cameras, and records a camera added through the API once
 * it is assigned (the site's cameras: {@link SiteRecordsIT}).
 */
class ClusterNodeApiIT {
    @TempDir
    Path data;

    @Test
    void aLoneNodeRecordsWhatItIsAssignedStampsTheEpochAndShowsTheCluster() throws Exception {
        try (TestingServer zk = new TestingServer(true);
             GstRtspCamera camera = GstRtspCamera.builder().h264().size(320, 240).fps(10).gop(10).start();
             ServerFixture fx = new ServerFixture(data, c -> {
                 c.cluster = new io.nightjar.api.config.NightjarConfig.Cluster();
                 c.cluster.zookeeper = zk.getConnectString();
                 c.cluster.node = "solo";
                 c.cluster.secret = "a-test-secret-of-at-least-32-characters";
                 c.cluster.sessionTimeoutSeconds = 4;
                 c.cameras.add(camera("a", camera.url()));
                 c.cameras.add(camera("b", "rtsp://127.0.0.1:9/nothing-answers-here"));
             })) {
            JsonNode view = awaitCluster(fx, "admin", 2);
            assertThat(view.get("node").asText()).isEqualTo("solo");
            assertThat(view.get("controller").asBoolean()).isTrue();
            assertThat(view.get("connected").asBoolean()).isTrue();
            assertThat(view.get("members")).hasSize(1);
            assertThat(view.get("members").get(0).get("cameras").asInt()).isEqualTo(2);
            for (JsonNode c : view.get("cameras")) {
                assertThat(c.get("node").asText()).isEqualTo("solo");
                assertThat(c.get("epoch").asLong()).isEqualTo(1);
                assertThat(c.get("recordingHere").asBoolean()).isTrue();
            }
            JsonNode history = fx.get("/api/v1/cluster/cameras/a", "admin").json();
            assertThat(history.get("node").asText()).isEqualTo("solo");
            assertThat(history.get("history")).as("the failover history: one stretch, still going: %s", history).hasSize(1);
            assertThat(history.at("/history/0/node").asText()).isEqualTo("solo");
            assertThat(history.at("/history/0/epoch").asLong()).isEqualTo(1);
            assertThat(history.at("/history/0/toMs").isNull() || history.at("/history/0/toMs").isMissingNode()).as("no end yet").isTrue();
            assertThat(history.at("/history/0/live").asBoolean()).isTrue();
            assertThat(fx.get("/api/v1/cluster/cameras/b", "scoped").status()).as("a camera the caller may not see").isEqualTo(403);
            assertThat(view.get("nodesDown")).as("no node down").isEmpty();
            JsonNode scoped = fx.get("/api/v1/cluster", "scoped").json();
            assertThat(scoped.get("cameras")).as("a viewer of camera a sees only a").hasSize(1);
            assertThat(scoped.get("cameras").get(0).get("camera").asText()).isEqualTo("a");

            long deadline = System.currentTimeMillis() + 30_000;
            while (fx.server.storage().index().files().of("a").isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            assertThat(fx.server.storage().index().files().of("a")).as("camera a recorded").isNotEmpty()
                    .allSatisfy(f -> assertThat(f.epoch()).as("its files carry the assignment's epoch").isEqualTo(1));

            ServerFixture.Reply add = fx.post("/api/v1/cameras", "admin", "{\"id\":\"c\",\"url\":\"" + camera.url() + "\"}");
            assertThat(add.status()).as(add.body()).isEqualTo(201);
            deadline = System.currentTimeMillis() + 30_000;
            while (fx.server.storage().index().files().of("c").isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            assertThat(fx.server.storage().index().files().of("c")).as("a camera added through the API, assigned and recorded")
                    .isNotEmpty().allSatisfy(f -> assertThat(f.epoch()).isEqualTo(1));
        }
    }

    @Test
    void aCameraNoNodeHasRoomForIsUnassignedAndHealthSaysSo() throws Exception {
        try (TestingServer zk = new TestingServer(true);
             GstRtspCamera camera = GstRtspCamera.builder().h264().size(320, 240).fps(10).gop(10).start();
             ServerFixture fx = new ServerFixture(data, c -> {
                 c.cluster = new io.nightjar.api.config.NightjarConfig.Cluster();
                 c.cluster.zookeeper = zk.getConnectString();
                 c.cluster.node = "small";
                 c.cluster.secret = "a-test-secret-of-at-least-32-characters";
                 c.cluster.capacityCameras = 1;
                 CameraConfig important = camera("a", camera.url());
                 important.priority = "high";
                 c.cameras.add(important);
                 c.cameras.add(camera("b", "rtsp://127.0.0.1:9/nothing-answers-here"));
             })) {
            long deadline = System.currentTimeMillis() + 30_000;
            JsonNode b = null;
            while (System.currentTimeMillis() < deadline) {
                b = fx.get("/api/v1/cameras/b/health", "admin").json();
                JsonNode a = fx.get("/api/v1/cameras/a/health", "admin").json();
                if ("unassigned".equals(b.path("recordingState").asText()) && "recording".equals(a.path("recordingState").asText())) {
                    break;
                }
                Thread.sleep(200);
            }
            assertThat(b.path("recordingState").asText()).as("b, with no room left: %s", b).isEqualTo("unassigned");
            assertThat(b.path("recording").asText()).contains("no node of the cluster records it");
            assertThat(fx.get("/api/v1/cameras/a/health", "admin").json().path("recordingState").asText())
                    .as("the high-priority camera has the room").isEqualTo("recording");
            JsonNode health = fx.get("/api/v1/health", "admin").json();
            assertThat(health.get("ok").asBoolean()).as("a camera nobody records is not fine: %s", health).isFalse();
            JsonNode view = fx.get("/api/v1/cluster", "admin").json();
            for (JsonNode c : view.get("cameras")) {
                if (c.get("camera").asText().equals("b")) {
                    assertThat(c.hasNonNull("node")).as("b has no node: %s", view).isFalse();
                }
            }
        }
    }

    @Test
    void outsideAClusterTheRouteSaysSo() throws Exception {
        try (ServerFixture fx = new ServerFixture(data)) {
            ServerFixture.Reply r = fx.get("/api/v1/cluster", "admin");
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.body()).contains("not part of a cluster");
        }
    }

    private static CameraConfig camera(String id, String url) {
        CameraConfig c = new CameraConfig();
        c.id = id;
        c.url = url;
        c.analytics.enabled = false;
        return c;
    }

    private static JsonNode awaitCluster(ServerFixture fx, String user, int cameras) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        JsonNode last = null;
        while (System.currentTimeMillis() < deadline) {
            ServerFixture.Reply r = fx.get("/api/v1/cluster", user);
            if (r.status() == 200) {
                last = r.json();
                boolean ready = last.get("cameras").size() == cameras;
                for (JsonNode c : last.get("cameras")) {
                    ready &= c.get("recordingHere").asBoolean();
                }
                if (ready) {
                    return last;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the cameras were not assigned to the node within 30 s: " + last);
    }
}
