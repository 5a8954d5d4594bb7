package io.nightjar.api.server;

import static io.nightjar.api.testing.ServerFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.nightjar.analytics.event.AnalyticsEvent;
import io.nightjar.analytics.event.EventIds;
import io.nightjar.api.testing.ServerFixture;
import io.nightjar.recorder.testing.GstRtspCamera;
import io.nightjar.recorder.testing.Tools;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole product against a real GStreamer camera: add it through the API, see it stream,
 * record, play back over HLS, export, restream over RTSP live and from the recordings, and raise
 * motion events over SSE that resume after a reconnect.
 */
class ServerEndToEndIT {
    @TempDir
    Path dir;

    @Test
    void aCameraAddedThroughTheApiIsRecordedPlayedExportedRestreamedAndAnalysed() throws Exception {
        try (GstRtspCamera cam = GstRtspCamera.builder().h264().size(640, 360).fps(25).gop(25).pattern("ball").start();
             ServerFixture fx = new ServerFixture(dir.resolve("data"))) {
            // SSE first, so the first motion event is seen live
            SseClient sse = new SseClient(fx, null);

            ServerFixture.Reply created = fx.post("/api/v1/cameras", "admin", "{\"id\":\"yard\",\"name\":\"Yard\",\"url\":\"" + cam.url()
                    + "\",\"analytics\":{\"sensitivity\":0.6}}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(created.json().get("source").asText()).isEqualTo("api");

            assertThat(eventually(15_000, () -> {
                JsonNode h = fx.get("/api/v1/cameras/yard/health", "viewer").json();
                return h.at("/main/state").asText().equals("streaming") && h.at("/main/fps").asDouble() > 20
                        && h.at("/recording").asText().equals("recording");
            })).as(fx.get("/api/v1/cameras/yard/health", "viewer").body()).isTrue();
            JsonNode health = fx.get("/api/v1/cameras/yard/health", "viewer").json();
            assertThat(health.at("/main/codec").asText()).isEqualTo("H264");
            assertThat(health.at("/main/width").asInt()).isEqualTo(640);
            assertThat(health.at("/main/gopFrames").asInt()).isEqualTo(25);
            assertThat(health.at("/main/server").asText()).contains("GStreamer");

            long t0 = System.currentTimeMillis();
            Thread.sleep(9_000);
            long from = t0 + 1000;
            long to = t0 + 7000;
            JsonNode spans = fx.get("/api/v1/cameras/yard/spans?from=" + (t0 - 5000) + "&to=" + (t0 + 8000), "viewer").json();
            List<JsonNode> recorded = new ArrayList<>();
            spans.forEach(s -> {
                if (s.get("recorded").asBoolean()) {
                    recorded.add(s);
                }
            });
            assertThat(recorded).as(spans.toString()).hasSize(1);
            assertThat(recorded.get(0).get("startMs").asLong()).isLessThanOrEqualTo(from);
            assertThat(recorded.get(0).get("endMs").asLong()).isGreaterThanOrEqualTo(to);

            HttpResponse<byte[]> liveJpeg = fx.http.send(HttpRequest.newBuilder(URI.create(fx.base() + "/api/v1/cameras/yard/snapshot.jpg?width=320"))
                    .header("Authorization", ServerFixture.basic("viewer")).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(liveJpeg.statusCode()).isEqualTo(200);
            assertThat(liveJpeg.headers().firstValue("content-type")).hasValue("image/jpeg");
            assertThat(liveJpeg.body()[0] & 0xFF).isEqualTo(0xFF);
            assertThat(liveJpeg.body()[1] & 0xFF).isEqualTo(0xD8);
            HttpResponse<byte[]> past = fx.http.send(HttpRequest.newBuilder(URI.create(fx.base() + "/api/v1/cameras/yard/snapshot.jpg?time="
                    + (from + 2500))).header("Authorization", ServerFixture.basic("viewer")).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(past.statusCode()).isEqualTo(200);
            assertThat(past.body().length).isGreaterThan(1000);
            assertThat(fx.get("/api/v1/cameras/yard/snapshot.jpg?time=" + (t0 - 3_600_000), "viewer").status()).isEqualTo(404);

            JsonNode motion = fx.get("/api/v1/cameras/yard/motion?from=" + (t0 - 5000) + "&to=" + (t0 + 9000) + "&region=0,0,1,1", "viewer").json();
            assertThat(motion.size()).as("the moving ball is found by smart search").isPositive();
            assertThat(motion.get(0).get("recorded").asBoolean()).isTrue();
            String metrics = fx.get("/metrics", "metrics").body();
            assertThat(metrics).containsPattern("nightjar_camera_fps\\{camera=\"yard\"} 2\\d")
                    .containsPattern("nightjar_camera_receive_rate_bytes_per_second\\{camera=\"yard\"} \\d{4,}")
                    .containsPattern("nightjar_writer_frames_written_total\\{camera=\"yard\"} [1-9]")
                    .containsPattern("nightjar_writer_files_written_total\\{camera=\"yard\"} [1-9]")
                    .contains("nightjar_writer_frames_dropped_total{camera=\"yard\",reason=\"awaitingKeyframe\"}")
                    .containsPattern("nightjar_writer_frames_dropped_total\\{camera=\"yard\",reason=\"diskError\"} 0(\\.0)?\n")
                    .containsPattern("nightjar_writer_write_errors_total\\{camera=\"yard\"} 0(\\.0)?\n")
                    .as("the client library's JVM and process metrics").contains("jvm_memory_used_bytes", "process_cpu_seconds_total",
                            "process_resident_memory_bytes");
            assertThat(promtool(metrics)).as("promtool check metrics").isEmpty();
            assertThat(fx.get("/api/v1/cameras/yard/health", "viewer").json().at("/writer/framesDroppedByReason/diskError").asLong())
                    .isZero();

            String token = fx.post("/api/v1/auth/tokens", "viewer", "{\"label\":\"e2e\"}").json().get("token").asText();
            String hls = fx.base() + "/api/v1/cameras/yard/playlist.m3u8?from=" + from + "&to=" + to + "&token=" + token;
            Tools.Result played = Tools.run(60, "ffmpeg", "-v", "error", "-i", hls, "-f", "null", "-");
            assertThat(played.exitCode()).as((played.stdout() + played.stderr())).isZero();
            assertThat((played.stdout() + played.stderr()).trim()).as("HLS decodes without a single error").isEmpty();

            String opToken = fx.post("/api/v1/auth/tokens", "operator", "{\"label\":\"e2e\"}").json().get("token").asText();
            Path export = dir.resolve("export.mp4");
            HttpResponse<Path> ex = fx.http.send(HttpRequest.newBuilder(URI.create(fx.base() + "/api/v1/cameras/yard/export.mp4?from="
                    + from + "&to=" + to)).header("Authorization", "Bearer " + opToken).build(), HttpResponse.BodyHandlers.ofFile(export));
            assertThat(ex.statusCode()).isEqualTo(200);
            Map<String, String> probe = Tools.probeVideo(export);
            assertThat(probe.get("stderr")).isEmpty();
            assertThat(Double.parseDouble(probe.get("duration"))).as("the requested 6 s").isBetween(5.9, 6.1);

            HttpResponse<byte[]> partial = fx.http.send(HttpRequest.newBuilder(URI.create(fx.base() + "/api/v1/cameras/yard/export.mp4?from="
                    + from + "&to=" + to)).header("Authorization", "Bearer " + opToken).header("Range", "bytes=100-199").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(partial.statusCode()).isEqualTo(206);
            byte[] whole = Files.readAllBytes(export);
            assertThat(partial.body()).isEqualTo(java.util.Arrays.copyOfRange(whole, 100, 200));

            JsonNode job = fx.post("/api/v1/exports", "operator", "{\"camera\":\"yard\",\"from\":\"" + from + "\",\"to\":\"" + to + "\"}").json();
            String jobId = job.get("id").asText();
            assertThat(eventually(30_000, () -> fx.get("/api/v1/exports/" + jobId, "operator").json().get("state").asText().equals("done")))
                    .as(fx.get("/api/v1/exports/" + jobId, "operator").body()).isTrue();
            HttpResponse<byte[]> file = fx.http.send(HttpRequest.newBuilder(URI.create(fx.base() + "/api/v1/exports/" + jobId + "/file.mp4"))
                    .header("Authorization", ServerFixture.basic("operator")).build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode manifest = fx.get("/api/v1/exports/" + jobId + "/manifest.json", "operator").json();
            assertThat(manifest.at("/export/sha256").asText()).isEqualTo(HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(file.body())));
            assertThat(file.body()).isEqualTo(whole);

            Tools.Result live = Tools.run(60, "ffmpeg", "-v", "error", "-rtsp_transport", "tcp", "-i", fx.rtsp("viewer", "/yard"),
                    "-t", "3", "-f", "null", "-");
            assertThat(live.exitCode()).as((live.stdout() + live.stderr())).isZero();
            Tools.Result liveUdp = Tools.run(60, "ffprobe", "-v", "error", "-rtsp_transport", "udp", "-count_frames", "-read_intervals",
                    "%+3", "-select_streams", "v", "-show_entries", "stream=nb_read_frames,codec_name", "-of", "compact",
                    fx.rtsp("viewer", "/yard"));
            assertThat(liveUdp.exitCode()).as((liveUdp.stdout() + liveUdp.stderr())).isZero();
            assertThat((liveUdp.stdout() + liveUdp.stderr())).contains("codec_name=h264");
            assertThat(framesIn((liveUdp.stdout() + liveUdp.stderr()))).as((liveUdp.stdout() + liveUdp.stderr())).isGreaterThan(40);

            String start = java.time.Instant.ofEpochMilli(from).toString();
            Tools.Result playback = Tools.run(60, "ffprobe", "-v", "error", "-rtsp_transport", "tcp", "-count_frames", "-read_intervals",
                    "%+3", "-select_streams", "v", "-show_entries", "stream=nb_read_frames", "-of", "compact",
                    fx.rtsp("viewer", "/yard?start=" + start));
            assertThat(playback.exitCode()).as((playback.stdout() + playback.stderr())).isZero();
            assertThat(framesIn((playback.stdout() + playback.stderr()))).as((playback.stdout() + playback.stderr())).isGreaterThan(60);

            SseClient.Message first = sse.await(m -> m.json().get("type").asText().equals("motion"), 30_000);
            assertThat(first).as("a motion event over SSE").isNotNull();
            assertThat(first.json().get("camera").asText()).isEqualTo("yard");
            sse.close();
            AnalyticsEvent a = new AnalyticsEvent(EventIds.next(), "yard", "tamper.covered", System.currentTimeMillis() * 1000, null, 1.0,
                    null, null, null, "test");
            fx.server.events().accept(a);
            fx.server.events().accept(a.closed(a.startMicros() + 1000));
            SseClient resumed = new SseClient(fx, first.id());
            SseClient.Message r1 = resumed.await(m -> m.json().get("type").asText().equals("tamper.covered"), 10_000);
            assertThat(r1).as("missed events are replayed after Last-Event-ID").isNotNull();
            assertThat(r1.json().get("open").asBoolean()).isTrue();
            SseClient.Message r2 = resumed.await(m -> m.json().get("type").asText().equals("tamper.covered"), 10_000);
            assertThat(r2).isNotNull();
            assertThat(r2.json().get("open").asBoolean()).isFalse();
            assertThat(resumed.seen()).noneMatch(m -> m.id().equals(first.id()));
            resumed.close();

            JsonNode audit = fx.get("/api/v1/audit?from=0", "admin").json();
            List<String> actions = new ArrayList<>();
            audit.forEach(e -> actions.add(e.get("action").asText() + ":" + e.get("user").asText()));
            assertThat(actions).contains("camera.create:admin", "playback:viewer", "export:operator", "live:viewer");
            assertThat(audit.toString()).doesNotContain(ServerFixture.PASSWORD);
        }
    }

    static int framesIn(String compact) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("nb_read_frames=(\\d+)").matcher(compact);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** A Server-Sent Events client on the JDK HTTP client. */
    static final class SseClient implements AutoCloseable {
        record Message(String id, String data) {
            JsonNode json() {
                try {
                    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(data);
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
            }
        }

        private final java.util.concurrent.LinkedBlockingQueue<Message> queue = new java.util.concurrent.LinkedBlockingQueue<>();
        private final List<Message> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final InputStream in;
        private final CompletableFuture<Void> reader;

        SseClient(ServerFixture fx, String lastEventId) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fx.base() + "/api/v1/events/stream"))
                    .header("Authorization", ServerFixture.basic("viewer")).header("Accept", "text/event-stream");
            if (lastEventId != null) {
                b.header("Last-Event-ID", lastEventId);
            }
            HttpResponse<InputStream> r = fx.http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
            in = r.body();
            reader = CompletableFuture.runAsync(() -> {
                try (BufferedReader br = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    String id = null;
                    StringBuilder data = new StringBuilder();
                    String line;
                    while ((line = br.readLine()) != null) {
                        if (line.isEmpty()) {
                            if (data.length() > 0) {
                                Message m = new Message(id, data.toString());
                                seen.add(m);
                                queue.add(m);
                            }
                            id = null;
                            data.setLength(0);
                        } else if (line.startsWith("id: ")) {
                            id = line.substring(4);
                        } else if (line.startsWith("data: ")) {
                            data.append(line.substring(6));
                        }
                    }
                } catch (java.io.IOException e) {
                    // closed
                }
            });
        }

        Message await(java.util.function.Predicate<Message> p, long millis) throws InterruptedException {
            long deadline = System.currentTimeMillis() + millis;
            while (System.currentTimeMillis() < deadline) {
                Message m = queue.poll(200, TimeUnit.MILLISECONDS);
                if (m != null && p.test(m)) {
                    return m;
                }
            }
            return null;
        }

        List<Message> seen() {
            return seen;
        }

        @Override
        public void close() throws Exception {
            in.close();
            reader.cancel(true);
        }
    }

    /** What {@code promtool check metrics} (Debian's prometheus) says of an exposition: empty when it passes. */
    static String promtool(String exposition) throws Exception {
        Path file = Files.createTempFile("metrics", ".txt");
        try {
            Files.writeString(file, exposition);
            Tools.Result version = Tools.run(30, "promtool", "--version");
            assertThat(version.exitCode()).isZero();
            Tools.Result r = Tools.run(30, "sh", "-c", "promtool check metrics < " + file);
            return (r.exitCode() == 0 ? "" : "exit " + r.exitCode() + ": ") + (r.stdout() + r.stderr()).trim();
        } finally {
            Files.delete(file);
        }
    }
}
