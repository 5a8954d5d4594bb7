package io.nightjar.api.http;

import static io.nightjar.api.testing.ServerFixture.eventually;
import static io.nightjar.storage.testing.Times.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.nightjar.api.config.NightjarConfig;
import io.nightjar.api.testing.ServerFixture;
import io.nightjar.recorder.testing.TestClips;
import io.nightjar.storage.index.FileRecord;
import io.nightjar.storage.testing.StorageFixture;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP as RFC 9110 has it, on the real server: HEAD on every GET route, Allow on 405 and OPTIONS,
 * CORS only for configured origins, entity tags and conditional requests on immutable media, and
 * multiple ranges as multipart/byteranges (never the whole file as a 206).
 */
class HttpConformanceIT {
    @TempDir
    static Path dir;

    static ServerFixture fx;
    static FileRecord sealed;
    static String exportId;
    static final String ORIGIN = "https://vms.example.org";

    @BeforeAll
    static void start() throws Exception {
        Path data = dir.resolve("data");
        StorageFixture recorded = new StorageFixture(data);
        recorded.feeder("yard", TestClips.h264(320, 180, 25, 25, 4)).feed(T0, 250, true);
        recorded.close();
        fx = new ServerFixture(data, c -> c.server.corsOrigins = List.of(ORIGIN));
        sealed = fx.server.storage().index().files().of("yard").get(0);
        exportId = fx.post("/api/v1/exports", "operator", "{\"camera\":\"yard\",\"from\":\"" + iso(T0 + 1_000_000) + "\",\"to\":\""
                + iso(T0 + 3_000_000) + "\"}").json().get("id").asText();
        assertThat(eventually(30_000, () -> fx.get("/api/v1/exports/" + exportId, "operator").json().get("state").asText().equals("done")))
                .isTrue();
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    static String iso(long micros) {
        return Instant.ofEpochSecond(0, micros * 1000).toString();
    }

    static HttpResponse<byte[]> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fx.base() + path)).method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", ServerFixture.basic("admin"));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return fx.http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A concrete path for a route template: the recorded camera, its sealed file, the finished export. */
    static String concrete(String template) {
        return template.replace("{id}", "yard").replace("{file}", fx.server.fileLinks().name("yard", sealed.id()) + ".mp4")
                .replace("{segment}", fx.server.fileLinks().name("yard", sealed.id()) + ".init.mp4")
                .replace("{exportId}", exportId)
                .replace("{eventId}", "12345").replace("{user}", "viewer").replace("{tokenId}", "nosuch").replace("{holdId}", "1")
                .replace("{bookmarkId}", "1") + (template.endsWith("playlist.m3u8") || template.endsWith("export.mp4")
                || template.endsWith("export.manifest.json") || template.endsWith("/spans") || template.endsWith("/motion")
                ? "?from=" + iso(T0) + "&to=" + iso(T0 + 4_000_000) : "");
    }

    @Test
    void headAnswersEveryGetRouteWithTheSameStatusAndHeadersAndNoBody() throws Exception {
        int checked = 0;
        for (Route r : fx.server.router().routes()) {
            if (!r.method().equals("GET")) {
                continue;
            }
            String path = concrete(r.template());
            HttpResponse<byte[]> head = send("HEAD", path);
            assertThat(head.body()).as("HEAD %s has no body", path).isEmpty();
            if (r.template().endsWith("/events/stream")) {
                assertThat(head.statusCode()).isEqualTo(200);
                assertThat(head.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
                checked++;
                continue;
            }
            HttpResponse<byte[]> get = send("GET", path);
            assertThat(head.statusCode()).as("HEAD %s answers as GET does", path).isEqualTo(get.statusCode());
            assertThat(head.headers().firstValue("content-type")).as("HEAD %s content type", path).isEqualTo(get.headers().firstValue("content-type"));
            if (get.statusCode() == 200 && !path.contains("/metrics") && !path.contains("/health") && !path.contains("/audit")) {
                assertThat(head.headers().firstValueAsLong("content-length").orElse(-1)).as("HEAD %s length", path).isEqualTo(get.body().length);
            }
            checked++;
        }
        assertThat(checked).as("GET routes checked").isGreaterThan(20);
        HttpResponse<byte[]> healthz = send("HEAD", "/healthz");
        assertThat(healthz.statusCode()).isEqualTo(200);
        assertThat(healthz.headers().firstValueAsLong("content-length").orElse(0)).isPositive();
    }

    /** Nothing recorded in the range asked for is the client's 404 (a typed NotFoundException), not a server fault. */
    @Test
    void anExportOfARangeWithoutFootageIs404SayingSo() throws Exception {
        HttpResponse<byte[]> r = send("GET", "/api/v1/cameras/yard/export.mp4?from=" + iso(T0 - 86_400_000_000L) + "&to="
                + iso(T0 - 86_340_000_000L));
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("no footage of camera yard");
    }

    /** Found by HttpInputFuzz: a bad escape in the path threw out of the handler and the client got no answer. */
    @Test
    void aBadPercentEscapeIs400AndTheAnswerDoesNotEchoTheUrl() throws Exception {
        for (String target : new String[] {"/api/v1/cameras/%zz?token=t_notechoed", "/api/v1/cameras?from=%g1&token=t_notechoed"}) {
            io.nightjar.api.testing.Sockets.Answer a = io.nightjar.api.testing.Sockets.exchange("127.0.0.1", fx.server.httpPort(),
                    "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertThat(a.status()).as(target).isEqualTo(400);
            assertThat(a.head()).doesNotContain("t_notechoed");
        }
    }

    @Test
    void aWrongMethodIs405WithAllowAndOptionsListsTheMethods() throws Exception {
        HttpResponse<byte[]> wrong = send("DELETE", "/healthz");
        assertThat(wrong.statusCode()).isEqualTo(405);
        assertThat(wrong.headers().firstValue("allow")).hasValue("GET, HEAD, OPTIONS");
        assertThat(new String(wrong.body(), StandardCharsets.UTF_8)).contains("\"error\"");
        HttpResponse<byte[]> options = send("OPTIONS", "/api/v1/cameras");
        assertThat(options.statusCode()).isEqualTo(204);
        assertThat(Arrays.asList(options.headers().firstValue("allow").orElseThrow().split(", "))).contains("GET", "HEAD", "POST", "OPTIONS");
        assertThat(send("OPTIONS", "/api/v1/nosuch").statusCode()).isEqualTo(404);
    }

    @Test
    void corsAnswersOnlyConfiguredOrigins() throws Exception {
        HttpResponse<byte[]> preflight = fx.http.send(HttpRequest.newBuilder(URI.create(fx.base() + "/api/v1/cameras"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", ORIGIN).header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization, x-evil").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("access-control-allow-origin")).hasValue(ORIGIN);
        assertThat(preflight.headers().firstValue("access-control-allow-headers")).hasValue("authorization");
        assertThat(preflight.headers().firstValue("access-control-allow-methods").orElseThrow()).contains("GET", "POST");
        assertThat(preflight.headers().firstValue("access-control-allow-credentials")).as("never with credentials").isEmpty();

        HttpResponse<byte[]> get = send("GET", "/api/v1/cameras", "Origin", ORIGIN);
        assertThat(get.headers().firstValue("access-control-allow-origin")).hasValue(ORIGIN);
        assertThat(get.headers().firstValue("vary")).hasValue("Origin");
        HttpResponse<byte[]> other = send("GET", "/api/v1/cameras", "Origin", "https://evil.example");
        assertThat(other.headers().firstValue("access-control-allow-origin")).isEmpty();
        assertThat(new NightjarConfig().server.corsOrigins).as("off by default").isEmpty();
    }

    @Test
    void sealedFilesAndExportsCarryTheirSha256AsEntityTagAndAnswerConditionalRequests() throws Exception {
        String file = "/api/v1/cameras/yard/files/" + fx.server.fileLinks().name("yard", sealed.id()) + ".mp4";
        HttpResponse<byte[]> get = send("GET", file);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.headers().firstValue("etag")).hasValue("\"" + sealed.sha256() + "\"");
        assertThat(get.headers().firstValue("last-modified")).isPresent();
        HttpResponse<byte[]> again = send("GET", file, "If-None-Match", "\"" + sealed.sha256() + "\"");
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        HttpResponse<byte[]> stale = send("GET", file, "Range", "bytes=0-99", "If-Range", "\"something-else\"");
        assertThat(stale.statusCode()).as("If-Range of another version: the whole file").isEqualTo(200);
        assertThat(stale.body()).hasSize((int) sealed.bytes());
        HttpResponse<byte[]> same = send("GET", file, "Range", "bytes=0-99", "If-Range", "\"" + sealed.sha256() + "\"");
        assertThat(same.statusCode()).isEqualTo(206);

        String export = "/api/v1/exports/" + exportId + "/file.mp4";
        String sha = fx.get("/api/v1/exports/" + exportId, "operator").json().get("sha256").asText();
        assertThat(send("GET", export).headers().firstValue("etag")).hasValue("\"" + sha + "\"");
        assertThat(send("GET", export, "If-None-Match", "W/\"x\", \"" + sha + "\"").statusCode()).isEqualTo(304);
    }

    @Test
    void multipleRangesAreServedAsMultipartByteranges() throws Exception {
        String file = "/api/v1/cameras/yard/files/" + fx.server.fileLinks().name("yard", sealed.id()) + ".mp4";
        byte[] whole = Files.readAllBytes(fx.server.storage().layout().resolve(sealed.path()));
        HttpResponse<byte[]> multi = send("GET", file, "Range", "bytes=0-99,1000-1499,-50");
        assertThat(multi.statusCode()).isEqualTo(206);
        String type = multi.headers().firstValue("content-type").orElseThrow();
        assertThat(type).startsWith("multipart/byteranges; boundary=");
        String boundary = type.substring(type.indexOf("boundary=") + 9);
        List<byte[]> parts = multipart(multi.body(), boundary);
        assertThat(parts).hasSize(3);
        assertThat(parts.get(0)).isEqualTo(Arrays.copyOfRange(whole, 0, 100));
        assertThat(parts.get(1)).isEqualTo(Arrays.copyOfRange(whole, 1000, 1500));
        assertThat(parts.get(2)).isEqualTo(Arrays.copyOfRange(whole, whole.length - 50, whole.length));
        assertThat(multi.headers().firstValueAsLong("content-length").orElse(-1)).isEqualTo(multi.body().length);

        HttpResponse<byte[]> overlapping = send("GET", file, "Range", "bytes=0-99,50-149");
        assertThat(overlapping.statusCode()).as("overlapping ranges: the whole file, as a 200").isEqualTo(200);
        assertThat(overlapping.body()).hasSize(whole.length);
        HttpResponse<byte[]> beyond = send("GET", file, "Range", "bytes=" + whole.length + "-");
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.headers().firstValue("content-range")).hasValue("bytes */" + whole.length);
        HttpResponse<byte[]> partly = send("GET", file, "Range", "bytes=0-9," + (whole.length + 10) + "-");
        assertThat(partly.statusCode()).as("the satisfiable range of two").isEqualTo(206);
        assertThat(partly.body()).hasSize(10);
    }

    /** The bodies of a multipart/byteranges answer. */
    static List<byte[]> multipart(byte[] body, String boundary) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        List<byte[]> out = new java.util.ArrayList<>();
        String delimiter = "--" + boundary;
        int at = text.indexOf(delimiter);
        while (at >= 0) {
            int lineEnd = text.indexOf("\r\n", at);
            if (text.startsWith(delimiter + "--", at)) {
                break;
            }
            int headEnd = text.indexOf("\r\n\r\n", lineEnd);
            int next = text.indexOf("\r\n" + delimiter, headEnd + 4);
            out.add(Arrays.copyOfRange(body, headEnd + 4, next));
            at = next + 2;
        }
        return out;
    }
}
