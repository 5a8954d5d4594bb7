package io.nightjar.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.nightjar.api.auth.Role;
import io.nightjar.api.auth.UserStore;
import io.nightjar.api.config.NightjarConfig;
import io.nightjar.api.testing.ServerFixture;
import io.nightjar.recorder.testing.GstRtspCamera;
import io.nightjar.recorder.testing.Tools;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes of one site on a real ZooKeeper server, each a real server with its own data: cameras
 * added, changed and removed through either node's API are the site's (known on both, recorded by
 * the node the cluster assigns; its view, health and pictures the same through either node); users and tokens made on one node work on the other, changes on
 * both at once all hold, a node's own users join the site the first time it joins; what ZooKeeper
 * holds is sealed; a camera of one node plays live over RTSP (TCP and UDP, ffmpeg and GStreamer) from the
 * other; and while ZooKeeper is away, changes fail with 503 and logins still work.
 */
class SiteRecordsIT {
    private static final String SECRET = "a-test-secret-of-at-least-32-characters";
    private static final String NAMESPACE = "records";

    @TempDir
    Path dir;

    @Test
    void aCameraAddedThroughOneNodeIsTheSitesChangedAndRemovedThroughAnother() throws Exception {
        try (TestingServer zk = new TestingServer(true);
             GstRtspCamera camera = GstRtspCamera.builder().h264().size(320, 240).fps(10).gop(10).start();
             ServerFixture n1 = node(zk, "n1");
             ServerFixture n2 = node(zk, "n2")) {
            ServerFixture.Reply added = n1.post("/api/v1/cameras", "admin",
                    "{\"id\":\"porch\",\"url\":\"" + camera.url() + "\",\"user\":\"viewer\",\"password\":\"camera-secret-pw\","
                            + "\"analytics\":{\"enabled\":false}}");
            assertThat(added.status()).as(added.body()).isEqualTo(201);
            assertThat(added.body()).doesNotContain("camera-secret-pw");

            assertThat(ServerFixture.eventually(20_000, () -> n2.get("/api/v1/cameras/porch", "admin").status() == 200))
                    .as("the other node knows the camera").isTrue();
            String[] owner = new String[1];
            assertThat(ServerFixture.eventually(30_000, () -> {
                for (JsonNode a : n2.get("/api/v1/cluster", "admin").json().get("cameras")) {
                    if (a.get("camera").asText().equals("porch") && a.hasNonNull("node")) {
                        owner[0] = a.get("node").asText();
                        return true;
                    }
                }
                return false;
            })).as("the cluster assigns it").isTrue();
            ServerFixture recorder = owner[0].equals("n1") ? n1 : n2;
            ServerFixture other = recorder == n1 ? n2 : n1;
            assertThat(ServerFixture.eventually(30_000, () -> !recorder.server.storage().index().files().of("porch").isEmpty()))
                    .as("its node records it").isTrue();
            assertThat(other.server.storage().index().files().of("porch")).as("the other does not record it").isEmpty();
            assertThat(ServerFixture.eventually(15_000, () -> recorder.get("/api/v1/cameras/porch/health", "admin").json()
                    .path("recordingState").asText().equals("recording"))).isTrue();

            // what only the recording node knows, asked of either node, is the recording node's answer
            JsonNode health = other.get("/api/v1/cameras/porch/health", "viewer").json();
            assertThat(health.path("recordingState").asText()).as("health asked of the other node: %s", health).isEqualTo("recording");
            assertThat(health.at("/main/state").asText()).isEqualTo("streaming");
            assertThat(health.at("/main/width").asInt()).isEqualTo(320);
            JsonNode view = other.get("/api/v1/cameras/porch", "viewer").json();
            JsonNode theirs = recorder.get("/api/v1/cameras/porch", "viewer").json();
            for (String field : List.of("state", "recordingState", "codec", "width", "height", "url", "source")) {
                assertThat(view.get(field)).as("camera view field %s asked of the other node", field).isEqualTo(theirs.get(field));
            }
            JsonNode listed = null;
            for (JsonNode c : other.get("/api/v1/cameras", "viewer").json()) {
                if (c.get("id").asText().equals("porch")) {
                    listed = c;
                }
            }
            assertThat(listed).isNotNull();
            assertThat(listed.get("recordingState").asText()).as("the other node's list").isEqualTo("recording");
            ServerFixture.Reply live = other.get("/api/v1/cameras/porch/snapshot.jpg?width=160", "viewer");
            assertThat(live.status()).as("the live picture, through the other node: %s", live.body()).isEqualTo(200);
            assertThat(live.raw().headers().firstValue("Content-Type").orElse("")).startsWith("image/jpeg");
            String at = java.time.Instant.ofEpochMilli(recorder.server.storage().index().files().of("porch").get(0).startMicros() / 1000 + 1500)
                    .toString();
            ServerFixture.Reply then = other.get("/api/v1/cameras/porch/snapshot.jpg?width=160&at=" + at, "viewer");
            assertThat(then.status()).as("a recorded instant only the recording node holds, through the other node: %s", then.body())
                    .isEqualTo(200);
            // the live view through the other node: the recording node's WebSocket, relayed
            java.util.List<String> texts = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.concurrent.atomic.AtomicInteger binaries = new java.util.concurrent.atomic.AtomicInteger();
            java.net.http.WebSocket ws = other.http.newWebSocketBuilder().header("Authorization", ServerFixture.basic("viewer"))
                    .buildAsync(URI.create(other.base().replace("http://", "ws://") + "/api/v1/cameras/porch/live"), new java.net.http.WebSocket.Listener() {
                        @Override
                        public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket w, CharSequence data, boolean last) {
                            texts.add(data.toString());
                            w.request(1);
                            return null;
                        }

                        @Override
                        public java.util.concurrent.CompletionStage<?> onBinary(java.net.http.WebSocket w, java.nio.ByteBuffer data, boolean last) {
                            if (last) {
                                binaries.incrementAndGet();
                            }
                            w.request(1);
                            return null;
                        }
                    }).get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(ServerFixture.eventually(15_000, () -> binaries.get() >= 11)).as("the init segment and ten frames, relayed").isTrue();
            assertThat(texts).as("the init message").isNotEmpty();
            assertThat(texts.get(0)).contains("\"type\":\"init\"").contains("\"width\":320");
            ws.abort();
            assertThat(ServerFixture.eventually(10_000, () -> recorder.get("/api/v1/audit?limit=200", "admin").body().contains("websocket")))
                    .as("the recording node audits the viewing, as the viewer").isTrue();
            JsonNode audit = other.get("/api/v1/audit?limit=1000", "admin").json();
            boolean seen = false;
            for (JsonNode e : audit) {
                seen |= owner[0].equals(e.path("node").asText()) && "viewer".equals(e.path("user").asText()) && e.toString().contains("websocket");
            }
            assertThat(seen).as("the site's audit log, asked of the other node, holds the recording node's entry: %s", audit).isTrue();

            // RTSP through the other node: the recording node's live view read there and packetized anew, for ffmpeg and GStreamer
            String rtsp = other.rtsp("viewer", "/porch");
            for (String transport : List.of("tcp", "udp")) {
                Tools.Result probe = Tools.run(60, "ffprobe", "-v", "error", "-rtsp_transport", transport, "-count_frames", "-read_intervals",
                        "%+3", "-select_streams", "v", "-show_entries", "stream=width,height,nb_read_frames", "-of", "compact", rtsp);
                String said = probe.stdout() + probe.stderr();
                assertThat(probe.exitCode()).as("ffprobe over %s through the other node: %s", transport, said).isZero();
                assertThat(said).contains("width=320").contains("height=240");
                assertThat(Integer.parseInt(said.replaceAll("(?s).*nb_read_frames=(\\d+).*", "$1")))
                        .as("3 s at 10 fps over %s, relayed: %s", transport, said).isGreaterThanOrEqualTo(20);
            }
            Tools.Result decoded = Tools.run(60, "ffmpeg", "-v", "error", "-rtsp_transport", "tcp", "-i", rtsp, "-t", "3", "-f", "null", "-");
            assertThat(decoded.exitCode()).as("decoded without error: %s", decoded.stderr()).isZero();
            assertThat(decoded.stderr()).as("ffmpeg -v error says nothing").isBlank();
            Tools.Result gst = Tools.run(60, "gst-launch-1.0", "-q", "rtspsrc", "location=" + rtsp, "protocols=tcp", "!", "rtph264depay", "!",
                    "h264parse", "!", "identity", "eos-after=20", "!", "fakesink");
            assertThat(gst.exitCode()).as("gst-launch rtspsrc through the other node: %s", gst.stdout() + gst.stderr()).isZero();
            Tools.Result refused = Tools.run(30, "ffprobe", "-v", "error", "-rtsp_transport", "tcp", other.rtsp("scoped", "/porch"));
            assertThat(refused.stdout() + refused.stderr()).as("a user without the camera, over RTSP on the other node").contains("403");

            ServerFixture.Reply scoped = other.get("/api/v1/cameras/porch/health", "scoped");
            assertThat(scoped.status()).as("a user without the camera, on the other node").isEqualTo(403);

            try (CuratorFramework raw = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100))) {
                raw.start();
                byte[] stored = raw.getData().forPath("/" + NAMESPACE + "/shared/cameras");
                assertThat(new String(stored, StandardCharsets.ISO_8859_1)).as("ZooKeeper holds the camera sealed")
                        .doesNotContain("camera-secret-pw").doesNotContain("porch");
                byte[] users = raw.getData().forPath("/" + NAMESPACE + "/shared/users");
                assertThat(new String(users, StandardCharsets.ISO_8859_1)).doesNotContain("admin").doesNotContain("pbkdf2");
            }

            ServerFixture.Reply changed = n2.request("PUT", "/api/v1/cameras/porch", "admin",
                    "{\"name\":\"Front porch\",\"url\":\"" + camera.url() + "\",\"user\":\"viewer\",\"analytics\":{\"enabled\":false}}");
            assertThat(changed.status()).as(changed.body()).isEqualTo(200);
            assertThat(ServerFixture.eventually(20_000, () -> n1.get("/api/v1/cameras/porch", "admin").json().path("name").asText()
                    .equals("Front porch"))).as("a change on the other node reaches the first").isTrue();
            assertThat(ServerFixture.eventually(20_000, () -> !recorder.server.storage().index().files().of("porch").isEmpty()
                    && recorder.get("/api/v1/cameras/porch/health", "admin").json().path("recordingState").asText().equals("recording")))
                    .as("the same connection (the password kept, write-only): it records on").isTrue();

            assertThat(n1.post("/api/v1/cameras", "admin", "{\"id\":\"porch\",\"url\":\"rtsp://127.0.0.1:9/x\"}").status())
                    .as("the site has it already").isEqualTo(409);
            assertThat(n2.request("DELETE", "/api/v1/cameras/porch", "admin", null).status()).isEqualTo(204);
            assertThat(ServerFixture.eventually(20_000, () -> n1.get("/api/v1/cameras/porch", "admin").status() == 404))
                    .as("removed on both nodes").isTrue();
            assertThat(ServerFixture.eventually(20_000, () -> {
                for (JsonNode a : n1.get("/api/v1/cluster", "admin").json().get("cameras")) {
                    if (a.get("camera").asText().equals("porch")) {
                        return false;
                    }
                }
                return true;
            })).as("and no longer assigned").isTrue();
            assertThat(recorder.server.storage().index().files().of("porch")).as("its footage stays").isNotEmpty();
        }
    }

    @Test
    void anExportAndAPlaylistAcrossAMoveHoldBothNodesFootageAndPlayWholeThroughEitherNode() throws Exception {
        try (TestingServer zk = new TestingServer(true);
             GstRtspCamera camera = GstRtspCamera.builder().h264().size(320, 240).fps(10).gop(10).start()) {
            ServerFixture[] nodes = {node(zk, "n1"), node(zk, "n2")};
            try {
                assertThat(nodes[0].post("/api/v1/cameras", "admin", "{\"id\":\"yard\",\"url\":\"" + camera.url()
                        + "\",\"analytics\":{\"enabled\":false}}").status()).isEqualTo(201);
                assertThat(ServerFixture.eventually(30_000, () -> recorded(nodes[0], "yard") + recorded(nodes[1], "yard") >= 6_000_000))
                        .as("six seconds recorded by the first node").isTrue();
                int a = recorded(nodes[0], "yard") > 0 ? 0 : 1;
                int b = 1 - a;
                String nodeA = "n" + (a + 1);
                long firstStart = nodes[a].server.storage().index().files().of("yard").get(0).startMicros();
                nodes[a].close(); // a clean stop: the camera moves to the other node, make before break
                assertThat(ServerFixture.eventually(30_000, () -> recorded(nodes[b], "yard") >= 6_000_000))
                        .as("six seconds recorded by the second node").isTrue();
                long secondStart = nodes[b].server.storage().index().files().of("yard").get(0).startMicros();
                JsonNode down = nodes[b].get("/api/v1/cluster", "admin").json();
                assertThat(down.get("nodesDown").toString()).as("the stopped node, the camera's first, is down: %s", down).contains(nodeA);
                JsonNode history = nodes[b].get("/api/v1/cluster/cameras/yard", "admin").json().get("history");
                assertThat(history).as("the failover history: the first node's stretch, then the second's").hasSize(2);
                assertThat(history.get(0).get("node").asText()).isEqualTo(nodeA);
                assertThat(history.get(0).get("live").asBoolean()).isFalse();
                assertThat(history.get(1).get("node").asText()).isEqualTo("n" + (b + 1));
                // a hold made while the first node is down, on its footage: the site's, applied by that node when it returns
                String holdBody = "{\"camera\":\"yard\",\"from\":\"" + java.time.Instant.ofEpochMilli(firstStart / 1000) + "\",\"to\":\""
                        + java.time.Instant.ofEpochMilli(firstStart / 1000 + 3000) + "\",\"reason\":\"case 42\"}";
                ServerFixture.Reply held = nodes[b].post("/api/v1/holds", "operator", holdBody);
                assertThat(held.status()).as(held.body()).isEqualTo(201);
                long holdId = held.json().get("id").asLong();
                assertThat(nodes[b].server.storage().holds().all()).as("the node that made it keeps the range").hasSize(1);
                nodes[a] = node(zk, nodeA); // back, with its footage, as the site's cameras' node for nothing now
                assertThat(ServerFixture.eventually(20_000, () -> nodes[a].server.storage().holds().all().size() == 1))
                        .as("the returning node applies the site's hold to its own footage").isTrue();
                assertThat(nodes[a].server.storage().holds().all().get(0).reason()).isEqualTo("case 42");
                assertThat(nodes[a].get("/api/v1/holds", "viewer").json().get(0).get("id").asLong()).as("one id site-wide").isEqualTo(holdId);
                ServerFixture.Reply mark = nodes[a].post("/api/v1/bookmarks", "operator", "{\"camera\":\"yard\",\"time\":\""
                        + java.time.Instant.ofEpochMilli(firstStart / 1000 + 1000) + "\",\"label\":\"van arrives\"}");
                assertThat(mark.status()).as(mark.body()).isEqualTo(201);
                assertThat(ServerFixture.eventually(10_000, () -> nodes[b].get("/api/v1/bookmarks", "viewer").json().size() == 1))
                        .as("a bookmark made on one node, listed on the other").isTrue();
                JsonNode marks = nodes[b].get("/api/v1/bookmarks", "viewer").json();
                assertThat(marks.get(0).get("label").asText()).isEqualTo("van arrives");
                assertThat(nodes[b].request("DELETE", "/api/v1/bookmarks/" + marks.get(0).get("id").asLong(), "operator", null).status())
                        .isEqualTo(204);
                assertThat(ServerFixture.eventually(10_000, () -> nodes[a].get("/api/v1/bookmarks", "viewer").json().isEmpty()))
                        .as("deleted on the other node").isTrue();
                assertThat(ServerFixture.eventually(20_000, () -> nodes[a].get("/api/v1/cluster", "admin").json().path("connected").asBoolean()))
                        .isTrue();

                long from = firstStart + 1_000_000;
                long to = secondStart + 4_000_000;
                String range = "from=" + java.time.Instant.ofEpochMilli(from / 1000) + "&to=" + java.time.Instant.ofEpochMilli(to / 1000);
                Path viaB = download(nodes[b], "/api/v1/cameras/yard/export.mp4?" + range, dir.resolve("via-b.mp4"));
                Path viaA = download(nodes[a], "/api/v1/cameras/yard/export.mp4?" + range, dir.resolve("via-a.mp4"));
                assertThat(io.nightjar.recorder.testing.Tools.decodeErrors(List.of(), viaB.toString())).as("ffmpeg -v error").isEmpty();
                io.nightjar.recorder.testing.Tools.Result probe = io.nightjar.recorder.testing.Tools.run(60, "ffprobe", "-v", "error",
                        "-show_entries", "format=duration", "-of", "csv=p=0", viaB.toString());
                assertThat(Double.parseDouble(probe.stdout().trim())).as("the requested duration, across the move")
                        .isCloseTo((to - from) / 1e6, org.assertj.core.data.Offset.offset(0.15));
                assertThat(java.nio.file.Files.mismatch(viaA, viaB)).as("the same bytes through either node").isEqualTo(-1L);

                String job = nodes[a].post("/api/v1/exports", "operator", "{\"camera\":\"yard\",\"from\":\""
                        + java.time.Instant.ofEpochMilli(from / 1000) + "\",\"to\":\"" + java.time.Instant.ofEpochMilli(to / 1000) + "\"}")
                        .json().get("id").asText();
                assertThat(ServerFixture.eventually(30_000, () -> nodes[a].get("/api/v1/exports/" + job, "operator").json().path("state").asText()
                        .equals("done"))).as("an export job across the move: %s", nodes[a].get("/api/v1/exports/" + job, "operator").body()).isTrue();
                Path jobFile = download(nodes[a], "/api/v1/exports/" + job + "/file.mp4", dir.resolve("job.mp4"));
                assertThat(java.nio.file.Files.mismatch(jobFile, viaB)).as("the job's file is the same export").isEqualTo(-1L);

                // HLS across the move: one playlist, the other node's segments fetched through this one, every frame decoded
                String token = nodes[b].post("/api/v1/auth/tokens", "viewer", "{\"label\":\"player\"}").json().get("token").asText();
                String playlist = nodes[b].base() + "/api/v1/cameras/yard/playlist.m3u8?" + range + "&token=" + token;
                String text = nodes[b].get("/api/v1/cameras/yard/playlist.m3u8?" + range, "viewer").body();
                assertThat(text).as("segments of the node that recorded the first stretch, through this one").contains("/hls/" + nodeA + "~")
                        .contains("#EXT-X-DISCONTINUITY");
                assertThat(io.nightjar.recorder.testing.Tools.decodeErrors(List.of(), playlist)).as("ffmpeg plays the site's playlist").isEmpty();
                io.nightjar.recorder.testing.Tools.Result hls = io.nightjar.recorder.testing.Tools.run(120, "ffprobe", "-v", "error",
                        "-count_frames", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", playlist);
                io.nightjar.recorder.testing.Tools.Result mp4 = io.nightjar.recorder.testing.Tools.run(60, "ffprobe", "-v", "error",
                        "-count_frames", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", viaB.toString());
                long hlsFrames = Long.parseLong(hls.stdout().trim().lines().findFirst().orElse("0").replace(",", ""));
                long mp4Frames = Long.parseLong(mp4.stdout().trim().lines().findFirst().orElse("0").replace(",", ""));
                assertThat(hlsFrames).as("the playlist holds the export's frames (whole GOPs: up to one more at each end, and where the parts meet)")
                        .isBetween(mp4Frames, mp4Frames + 30);

                JsonNode manifest = nodes[b].get("/api/v1/cameras/yard/export.manifest.json?" + range, "operator").json();
                List<String> sources = new ArrayList<>();
                manifest.get("sources").forEach(f -> sources.add(f.path("node").asText("here")));
                assertThat(sources).as("the manifest names the files of both nodes: %s", manifest).contains("here", nodeA);
                assertThat(manifest.at("/export/sha256").asText()).isEqualTo(sha256(viaB));
                everyCameraRouteAnswersTheSameOnEitherNode(nodes[a], nodes[b], range);
                assertThat(nodes[a].request("DELETE", "/api/v1/holds/" + holdId, "operator", null).status()).isEqualTo(204);
                assertThat(ServerFixture.eventually(10_000, () -> nodes[a].server.storage().holds().all().isEmpty()
                        && nodes[b].server.storage().holds().all().isEmpty())).as("released on every node").isTrue();

                JsonNode samples = nodes[b].get("/api/v1/cameras/yard/export/samples?" + range, "operator").json();
                assertThat(samples.get("files")).as("a node's samples name its own files only: %s", samples.get("files")).isNotEmpty()
                        .allSatisfy(f -> assertThat(nodes[b].get("/api/v1/cameras/yard/files/" + f.get("link").asText(), "operator").status())
                                .isEqualTo(200));
            } finally {
                for (ServerFixture n : nodes) {
                    n.close();
                }
            }
        }
    }

    /** Camera routes answered by each node for its own footage by design (what the others ask it for). */
    private static final Set<String> NODE_LOCAL = Set.of("/api/v1/cameras/{id}/export/samples");
    /** Camera routes checked apart: the live view's WebSocket (relayed from the recording node: the first test). */
    private static final Set<String> CHECKED_APART = Set.of("/api/v1/cameras/{id}/live");

    /**
     * The route table, from the OpenAPI document (which OpenApiIT holds to the served routes): every
     * GET route of a camera, asked of both nodes for a camera one recorded and then the other, gives
     * the same answer: equal JSON (the manifest but for its creation time), the same bytes (export,
     * a segment, a file), the same timeline (the playlists: their segments named for where they come
     * from differ), the recording node's state; a new camera route fails here until it is added.
     */
    private static void everyCameraRouteAnswersTheSameOnEitherNode(ServerFixture a, ServerFixture b, String range) throws Exception {
        JsonNode paths = a.get("/api/v1/openapi.json", null).json().get("paths");
        List<String> checked = new ArrayList<>();
        for (java.util.Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
            String route = it.next();
            if (!route.startsWith("/api/v1/cameras/{id}") || !paths.get(route).has("get") || NODE_LOCAL.contains(route) || CHECKED_APART.contains(route)) {
                continue;
            }
            String path = route.replace("{id}", "yard");
            String what = route + " on " + a.base() + " and " + b.base();
            switch (route) {
                case "/api/v1/cameras/{id}", "/api/v1/cameras/{id}/health" -> {
                    JsonNode x = a.get(path, "admin").json();
                    JsonNode y = b.get(path, "admin").json();
                    assertThat(x.get("recordingState")).as(what).isEqualTo(y.get("recordingState")).hasToString("\"recording\"");
                    assertThat(x.has("main") ? x.at("/main/codec") : x.get("codec")).as(what).isEqualTo(y.has("main") ? y.at("/main/codec") : y.get("codec"));
                }
                case "/api/v1/cameras/{id}/spans" -> assertThat(a.get(path + "?" + range, "admin").json()).as(what)
                        .isEqualTo(b.get(path + "?" + range, "admin").json());
                case "/api/v1/cameras/{id}/retention" -> {
                    // the camera records on: the newest footage and the sizes grow between the two calls, the oldest stays
                    JsonNode x = a.get(path, "admin").json();
                    JsonNode y = b.get(path, "admin").json();
                    assertThat(x.get("oldest")).as(what).isEqualTo(y.get("oldest"));
                    assertThat(x.get("files").asLong()).as("%s: both nodes' files", what).isGreaterThanOrEqualTo(2);
                    assertThat(y.get("files").asLong()).as("%s: both nodes' files", what).isGreaterThanOrEqualTo(2);
                }
                case "/api/v1/cameras/{id}/motion" -> {
                    String q = path + "?" + range;
                    ServerFixture.Reply x = a.get(q, "admin");
                    assertThat(x.status()).as(what + ": " + x.body()).isEqualTo(200);
                    assertThat(x.json()).as(what).isEqualTo(b.get(q, "admin").json());
                }
                case "/api/v1/cameras/{id}/files" -> {
                    assertThat(fileFacts(a.get(path + "?" + range, "admin").json())).as(what).isNotEmpty()
                            .isEqualTo(fileFacts(b.get(path + "?" + range, "admin").json()));
                }
                case "/api/v1/cameras/{id}/files/{file}" -> {
                    String first = firstOf(a.get("/api/v1/cameras/yard/files?" + range, "admin").json(), b.get("/api/v1/cameras/yard/files?"
                            + range, "admin").json(), a, b);
                    assertThat(first).as(what).isNotNull();
                }
                case "/api/v1/cameras/{id}/playlist.m3u8" -> {
                    assertThat(timeline(a.get(path + "?" + range, "admin").body())).as(what).isNotEmpty()
                            .isEqualTo(timeline(b.get(path + "?" + range, "admin").body()));
                }
                case "/api/v1/cameras/{id}/hls/{segment}" -> {
                    byte[] x = firstSegment(a, path.replace("/hls/{segment}", "/playlist.m3u8?" + range));
                    byte[] y = firstSegment(b, path.replace("/hls/{segment}", "/playlist.m3u8?" + range));
                    assertThat(x).as(what).isNotEmpty().isEqualTo(y);
                }
                case "/api/v1/cameras/{id}/export.mp4" -> {
                    assertThat(a.http.send(java.net.http.HttpRequest.newBuilder(URI.create(a.base() + path + "?" + range))
                            .header("Authorization", ServerFixture.basic("operator")).build(), HttpResponse.BodyHandlers.ofByteArray()).body())
                            .as(what).isEqualTo(b.http.send(java.net.http.HttpRequest.newBuilder(URI.create(b.base() + path + "?" + range))
                                    .header("Authorization", ServerFixture.basic("operator")).build(), HttpResponse.BodyHandlers.ofByteArray()).body());
                }
                case "/api/v1/cameras/{id}/export.manifest.json" -> {
                    JsonNode x = a.get(path + "?" + range, "operator").json();
                    JsonNode y = b.get(path + "?" + range, "operator").json();
                    ((com.fasterxml.jackson.databind.node.ObjectNode) x).remove("createdAt");
                    ((com.fasterxml.jackson.databind.node.ObjectNode) y).remove("createdAt");
                    assertThat(x.get("sources").size()).as(what).isEqualTo(y.get("sources").size());
                    assertThat(x.get("export")).as(what).isEqualTo(y.get("export"));
                    assertThat(x.get("gaps")).as(what).isEqualTo(y.get("gaps"));
                }
                case "/api/v1/cameras/{id}/snapshot.jpg" -> {
                    for (ServerFixture n : List.of(a, b)) {
                        ServerFixture.Reply r = n.get(path + "?width=160", "admin");
                        assertThat(r.status()).as(what + ": " + r.body()).isEqualTo(200);
                        assertThat(r.raw().headers().firstValue("Content-Type").orElse("")).as(what).startsWith("image/jpeg");
                    }
                }
                default -> throw new AssertionError("camera route " + route + " is not checked across nodes: add it here");
            }
            checked.add(route);
        }
        assertThat(checked).as("the camera routes asked of both nodes").hasSizeGreaterThanOrEqualTo(12);
    }

    /** What a files list says of each file, without the names (a file of another node is named for it). */
    private static Set<String> fileFacts(JsonNode files) {
        Set<String> out = new java.util.TreeSet<>();
        // a file still being written grows between the two calls: its end and size are compared once it is closed
        files.forEach(f -> out.add(f.get("start").asText() + " " + f.get("codec").asText() + (f.get("state").asText().equals("closed")
                ? " " + f.get("end").asText() + " " + f.get("bytes").asLong() : " open")));
        return out;
    }

    /** The first file of the range through each node: the same bytes. Returns its name on {@code a}. */
    private static String firstOf(JsonNode onA, JsonNode onB, ServerFixture a, ServerFixture b) throws Exception {
        String x = onA.get(0).get("name").asText();
        String y = onB.get(0).get("name").asText();
        byte[] fromA = a.http.send(java.net.http.HttpRequest.newBuilder(URI.create(a.base() + "/api/v1/cameras/yard/files/" + x))
                .header("Authorization", ServerFixture.basic("admin")).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        byte[] fromB = b.http.send(java.net.http.HttpRequest.newBuilder(URI.create(b.base() + "/api/v1/cameras/yard/files/" + y))
                .header("Authorization", ServerFixture.basic("admin")).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        assertThat(fromA).as("the first file, as %s names it on one node and %s on the other", x, y).hasSizeGreaterThan(1000).isEqualTo(fromB);
        return x;
    }

    /** A playlist's timeline: each segment's wall-clock time and duration. */
    private static List<String> timeline(String playlist) {
        List<String> out = new ArrayList<>();
        String time = null;
        for (String line : playlist.split("\n")) {
            if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) {
                time = line;
            } else if (line.startsWith("#EXTINF:")) {
                out.add(time + " " + line);
            }
        }
        return out;
    }

    private static byte[] firstSegment(ServerFixture n, String playlistPath) throws Exception {
        String uri = n.get(playlistPath, "admin").body().lines().filter(l -> !l.startsWith("#")).findFirst().orElseThrow();
        return n.http.send(java.net.http.HttpRequest.newBuilder(URI.create(n.base() + uri)).header("Authorization", ServerFixture.basic("admin"))
                .build(), HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    /** Microseconds of {@code camera} a node's own index holds. */
    private static long recorded(ServerFixture n, String camera) {
        long sum = 0;
        for (var f : n.server.storage().index().files().of(camera)) {
            sum += f.endMicros() - f.startMicros();
        }
        return sum;
    }

    private static Path download(ServerFixture n, String path, Path to) throws Exception {
        String auth = "Basic " + Base64.getEncoder().encodeToString(("operator:" + ServerFixture.PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpResponse<Path> r = n.http.send(HttpRequest.newBuilder(URI.create(n.base() + path)).header("Authorization", auth)
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofFile(to));
        assertThat(r.statusCode()).as("%s from %s: %s", path, n.base(), r.statusCode() == 200 ? "" : java.nio.file.Files.readString(to))
                .isEqualTo(200);
        return to;
    }

    private static String sha256(Path f) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(java.nio.file.Files.readAllBytes(f)));
    }

    @Test
    void eventsAreTheSitesPagedExactlyThroughEitherNode() throws Exception {
        try (TestingServer zk = new TestingServer(true);
             GstRtspCamera ball1 = GstRtspCamera.builder().h264().size(320, 240).fps(10).gop(10).pattern("ball").start();
             GstRtspCamera ball2 = GstRtspCamera.builder().h264().size(320, 240).fps(10).gop(10).pattern("ball").start();
             ServerFixture n1 = node(zk, "n1", 1);
             ServerFixture n2 = node(zk, "n2", 1)) {
            for (var c : List.of(java.util.Map.entry("east", ball1), java.util.Map.entry("west", ball2))) {
                assertThat(n1.post("/api/v1/cameras", "admin", "{\"id\":\"" + c.getKey() + "\",\"url\":\"" + c.getValue().url() + "\"}").status())
                        .isEqualTo(201);
            }
            // one camera each (capacity 1), each node's analytics raising the events of its own camera
            assertThat(ServerFixture.eventually(60_000, () -> {
                Set<String> cams = new java.util.HashSet<>();
                for (JsonNode e : allEvents(n1, 50)) {
                    cams.add(e.get("camera").asText());
                }
                return cams.size() == 2;
            })).as("motion events of both cameras, recorded by different nodes").isTrue();
            Thread.sleep(2000);
            long to = System.currentTimeMillis() - 1000; // a closed range: the same events whenever asked
            List<String> viaN1ByOne = ids(allEvents(n1, 1, to));
            List<String> viaN2ByThree = ids(allEvents(n2, 3, to));
            assertThat(viaN1ByOne).as("every event once, paged one at a time").doesNotHaveDuplicates().isNotEmpty();
            assertThat(normalized(viaN1ByOne, "n1")).as("the same events through either node, in any page size")
                    .isEqualTo(normalized(viaN2ByThree, "n2"));
            String remote = viaN1ByOne.stream().filter(id -> id.startsWith("n2~")).findFirst().orElse(null);
            assertThat(remote).as("events of the other node are named for it: %s", viaN1ByOne).isNotNull();
            JsonNode one = n1.get("/api/v1/events/" + remote, "viewer").json();
            assertThat(one.get("id").asText()).isEqualTo(remote);
            if (one.hasNonNull("snapshotUrl")) {
                ServerFixture.Reply jpeg = n1.get(one.get("snapshotUrl").asText(), "viewer");
                assertThat(jpeg.status()).as("another node's event snapshot, through this one").isEqualTo(200);
            }
            assertThat(n1.get("/api/v1/events?cursor=site.bm9wZQ", "viewer").status()).as("a made-up cursor").isEqualTo(400);

            // the live stream of the whole site: resumed from the start of both nodes' streams, every event of both, once
            String fromStart = "site." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString("{\"n1\":\"0\",\"n2\":\"0\"}".getBytes(StandardCharsets.UTF_8));
            List<String> streamed = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<String> streamIds = new java.util.concurrent.CopyOnWriteArrayList<>();
            HttpResponse<java.util.stream.Stream<String>> sse = n1.http.send(HttpRequest.newBuilder(URI.create(n1.base() + "/api/v1/events/stream"))
                    .header("Authorization", ServerFixture.basic("viewer")).header("Last-Event-ID", fromStart).build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(sse.statusCode()).isEqualTo(200);
            Thread reader = new Thread(() -> {
                try {
                    sse.body().forEach(line -> {
                        if (line.startsWith("data: ")) {
                            streamed.add(idOf(line.substring(6)));
                        } else if (line.startsWith("id: ")) {
                            streamIds.add(line.substring(4));
                        }
                    });
                } catch (RuntimeException closed) {
                    // the test closed the stream
                }
            }, "sse-reader");
            reader.setDaemon(true);
            reader.start();
            assertThat(ServerFixture.eventually(15_000, () -> new java.util.HashSet<>(streamed).containsAll(viaN1ByOne)))
                    .as("every event of both nodes, streamed through one: %s of %s", streamed, viaN1ByOne).isTrue();
            assertThat(streamIds).as("the site's stream ids").allSatisfy(i -> assertThat(i).startsWith("site."));
            sse.body().close();
            assertThat(streamIds).as("each message once, each with the stream's position after it").doesNotHaveDuplicates();
            assertThat(n1.get("/api/v1/events/stream?lastEventId=site.bm9wZQ", "viewer").status()).as("a made-up stream id").isEqualTo(400);
        }
    }

    private static String idOf(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).get("id").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError(json, e);
        }
    }

    private static List<JsonNode> allEvents(ServerFixture n, int limit) {
        return allEvents(n, limit, System.currentTimeMillis());
    }

    /** Every event up to {@code toMs}, page after page of {@code limit}. */
    private static List<JsonNode> allEvents(ServerFixture n, int limit, long toMs) {
        List<JsonNode> out = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 500; pages++) {
            String q = "/api/v1/events?limit=" + limit + "&to=" + java.time.Instant.ofEpochMilli(toMs)
                    + (cursor == null ? "" : "&cursor=" + java.net.URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            JsonNode page = n.get(q, "viewer").json();
            page.get("events").forEach(out::add);
            if (!page.hasNonNull("next")) {
                return out;
            }
            cursor = page.get("next").asText();
        }
        throw new AssertionError("more than 500 pages");
    }

    private static List<String> ids(List<JsonNode> events) {
        List<String> out = new ArrayList<>();
        events.forEach(e -> out.add(e.get("id").asText()));
        return out;
    }

    /** Ids as the whole site names them: {@code <node>~<id>}, whichever node was asked. */
    private static List<String> normalized(List<String> ids, String asked) {
        List<String> out = new ArrayList<>();
        for (String id : ids) {
            out.add(id.contains("~") ? id : asked + "~" + id);
        }
        return out;
    }

    @Test
    void usersAndTokensMadeOnOneNodeWorkOnTheOtherAndChangesAtOnceAllHold() throws Exception {
        Path d2 = dir.resolve("n2");
        UserStore own = new UserStore(d2.resolve(".nightjar").resolve("users.json"));
        own.createUser("admin", ServerFixture.PASSWORD, Role.admin, Set.of("*"));
        own.createUser("installer", "n2-own-password", Role.operator, Set.of("*"));
        try (TestingServer zk = new TestingServer(true);
             ServerFixture n1 = node(zk, "n1");
             ServerFixture n2 = node(zk, "n2")) {
            assertThat(ServerFixture.eventually(20_000, () -> status(n1, "GET", "/api/v1/auth/me", "installer", "n2-own-password", null) == 200))
                    .as("a user only the second node had joins the site when that node first joins").isTrue();
            assertThat(status(n2, "GET", "/api/v1/auth/me", "operator", ServerFixture.PASSWORD, null))
                    .as("the first node's users are the site's").isEqualTo(200);

            assertThat(n1.post("/api/v1/users", "admin", "{\"name\":\"guard\",\"password\":\"guard-password-1\",\"role\":\"viewer\"}").status())
                    .isEqualTo(201);
            assertThat(ServerFixture.eventually(10_000, () -> status(n2, "GET", "/api/v1/auth/me", "guard", "guard-password-1", null) == 200))
                    .as("made on n1, logs in on n2").isTrue();
            JsonNode token = n2.post("/api/v1/auth/tokens", "admin", "{\"user\":\"guard\",\"label\":\"vms\"}").json();
            assertThat(ServerFixture.eventually(10_000, () -> bearer(n1, token.get("token").asText()) == 200))
                    .as("a token made on n2 works on n1").isTrue();
            assertThat(n1.request("PUT", "/api/v1/users/guard", "admin", "{\"password\":\"guard-password-2\"}").status()).isEqualTo(200);
            assertThat(ServerFixture.eventually(10_000, () -> status(n2, "GET", "/api/v1/auth/me", "guard", "guard-password-2", null) == 200))
                    .as("the new password, on n2").isTrue();
            assertThat(status(n2, "GET", "/api/v1/auth/me", "guard", "guard-password-1", null)).as("and not the old").isEqualTo(401);
            assertThat(n2.request("DELETE", "/api/v1/users/guard", "admin", null).status()).isEqualTo(204);
            assertThat(ServerFixture.eventually(10_000, () -> bearer(n1, token.get("token").asText()) == 401))
                    .as("a removed user's token, on the other node").isTrue();

            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<Integer>> made = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ServerFixture via = i % 2 == 0 ? n1 : n2;
                String body = "{\"name\":\"u" + i + "\",\"password\":\"password-of-u" + i + "\",\"role\":\"viewer\"}";
                made.add(pool.submit(() -> via.post("/api/v1/users", "admin", body).status()));
            }
            for (Future<Integer> f : made) {
                assertThat(f.get()).isEqualTo(201);
            }
            pool.shutdown();
            for (ServerFixture n : List.of(n1, n2)) {
                ServerFixture.eventually(10_000, () -> names(n).containsAll(List.of("u0", "u1", "u2", "u3", "u4", "u5", "u6", "u7")));
                assertThat(names(n)).as("every user made on either node at once, on %s", n.base())
                        .contains("u0", "u1", "u2", "u3", "u4", "u5", "u6", "u7");
            }
        }
    }

    @Test
    void withZooKeeperAwayChangesFailWith503AndLoginsStillWork() throws Exception {
        TestingServer zk = new TestingServer(true);
        try (ServerFixture n1 = node(zk, "n1")) {
            assertThat(ServerFixture.eventually(20_000, () -> n1.get("/api/v1/cluster", "admin").json().path("connected").asBoolean())).isTrue();
            assertThat(n1.post("/api/v1/users", "admin", "{\"name\":\"before\",\"password\":\"password-before\"}").status()).isEqualTo(201);
            zk.stop();
            ServerFixture.Reply refused = n1.post("/api/v1/users", "admin", "{\"name\":\"during\",\"password\":\"password-during\"}");
            assertThat(refused.status()).as(refused.body()).isEqualTo(503);
            assertThat(refused.body()).contains("ZooKeeper");
            ServerFixture.Reply camera = n1.post("/api/v1/cameras", "admin", "{\"id\":\"late\",\"url\":\"rtsp://127.0.0.1:9/late\"}");
            assertThat(camera.status()).as(camera.body()).isEqualTo(503);
            assertThat(status(n1, "GET", "/api/v1/auth/me", "before", "password-before", null)).as("logins work from the node's copy")
                    .isEqualTo(200);
        } finally {
            zk.close();
        }
    }

    private static List<String> names(ServerFixture n) {
        List<String> names = new ArrayList<>();
        n.get("/api/v1/users", "admin").json().forEach(u -> names.add(u.get("name").asText()));
        return names;
    }

    private ServerFixture node(TestingServer zk, String id) throws Exception {
        return node(zk, id, 64);
    }

    private ServerFixture node(TestingServer zk, String id, int capacity) throws Exception {
        return new ServerFixture(dir.resolve(id), c -> {
            c.cluster = new NightjarConfig.Cluster();
            c.cluster.capacityCameras = capacity;
            c.cluster.zookeeper = zk.getConnectString();
            c.cluster.namespace = NAMESPACE;
            c.cluster.node = id;
            c.cluster.secret = SECRET;
            c.cluster.sessionTimeoutSeconds = 4;
            c.cluster.handoffSeconds = 0;
        });
    }

    private static int status(ServerFixture n, String method, String path, String user, String password, String body) {
        String auth = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return send(n, HttpRequest.newBuilder(URI.create(n.base() + path)).header("Authorization", auth)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    private static int bearer(ServerFixture n, String token) {
        return send(n, HttpRequest.newBuilder(URI.create(n.base() + "/api/v1/auth/me")).header("Authorization", "Bearer " + token).GET());
    }

    private static int send(ServerFixture n, HttpRequest.Builder b) {
        try {
            return n.http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
