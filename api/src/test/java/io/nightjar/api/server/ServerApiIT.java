package io.nightjar.api.server;

import static io.nightjar.api.testing.ServerFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.nightjar.api.testing.ServerFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API's guard rails and the endpoints that need no camera, on a real server. */
class ServerApiIT {
    @TempDir
    Path dir;

    @Test
    void badRequestsGetA4xxThatSaysWhatWasWrongAndNeverAStackTrace() throws Exception {
        try (ServerFixture fx = new ServerFixture(dir.resolve("data"))) {
            ServerFixture.Reply malformed = fx.post("/api/v1/cameras", "admin", "{\"id\": ");
            assertThat(malformed.status()).isEqualTo(400);
            assertThat(malformed.json().get("error").asText()).startsWith("malformed JSON");
            ServerFixture.Reply unknown = fx.post("/api/v1/cameras", "admin", "{\"id\":\"a\",\"url\":\"rtsp://x/\",\"colour\":\"red\"}");
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.json().get("error").asText()).isEqualTo("unknown field 'colour'");
            ServerFixture.Reply badUrl = fx.post("/api/v1/cameras", "admin", "{\"id\":\"a\",\"url\":\"http://x/\"}");
            assertThat(badUrl.status()).isEqualTo(400);
            assertThat(badUrl.json().get("error").asText()).contains("camera.url");
            ServerFixture.Reply badTime = fx.get("/api/v1/cameras/a/spans?from=yesterday", "viewer");
            assertThat(badTime.status()).isIn(400, 404);
            ServerFixture.Reply badTime2 = fx.get("/api/v1/events?from=yesterday", "viewer");
            assertThat(badTime2.status()).isEqualTo(400);
            assertThat(badTime2.json().get("error").asText()).contains("'from'", "ISO-8601");
            String big = "{\"label\":\"" + "x".repeat(2 << 20) + "\"}";
            ServerFixture.Reply tooBig = fx.post("/api/v1/auth/tokens", "viewer", big);
            assertThat(tooBig.status()).isEqualTo(413);
            for (ServerFixture.Reply r : new ServerFixture.Reply[] {malformed, unknown, badUrl, badTime2}) {
                assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
            }
            assertThat(fx.get("/healthz", null).status()).isEqualTo(200);
        }
    }

    @Test
    void systemHealthShowsAViewerOnlyTheCamerasTheyMaySee() throws Exception {
        try (ServerFixture fx = new ServerFixture(dir.resolve("data"))) {
            for (String id : new String[] {"a", "b"}) {
                assertThat(fx.post("/api/v1/cameras", "admin", "{\"id\":\"" + id + "\",\"url\":\"rtsp://127.0.0.1:9/" + id + "\"}").status())
                        .isEqualTo(201);
            }
            JsonNode all = fx.get("/api/v1/health", "viewer").json().get("cameras");
            assertThat(all.findValuesAsText("id")).containsExactlyInAnyOrder("a", "b");
            JsonNode scoped = fx.get("/api/v1/health", "scoped").json().get("cameras");
            assertThat(scoped.findValuesAsText("id")).as("the scoped viewer may see camera a only").containsExactly("a");
            // nothing answers at port 9: the camera is down, and its state and failure say so as values
            assertThat(eventually(20_000, () -> fx.get("/api/v1/cameras/a", "viewer").json().at("/failure/kind").asText()
                    .equals("UNREACHABLE"))).as(fx.get("/api/v1/cameras/a", "viewer").body()).isTrue();
            JsonNode a = fx.get("/api/v1/health", "scoped").json().get("cameras").get(0);
            assertThat(a.get("recordingState").asText()).isEqualTo("camera_down");
            assertThat(a.get("ok").asBoolean()).isFalse();
        }
    }

    @Test
    void holdsAndBookmarksAreCreatedListedDeletedAndAudited() throws Exception {
        try (ServerFixture fx = new ServerFixture(dir.resolve("data"))) {
            ServerFixture.Reply hold = fx.post("/api/v1/holds", "operator",
                    "{\"camera\":\"a\",\"from\":\"2026-11-28T10:00:00Z\",\"to\":\"2026-11-28T10:05:00Z\",\"reason\":\"case 42\"}");
            assertThat(hold.status()).as(hold.body()).isEqualTo(201);
            long holdId = hold.json().get("id").asLong();
            assertThat(fx.get("/api/v1/holds", "viewer").json().toString()).contains("case 42");
            assertThat(fx.get("/api/v1/holds", "scoped").json()).hasSize(1);
            assertThat(fx.post("/api/v1/holds", "viewer", "{}").status()).isEqualTo(403);
            ServerFixture.Reply bm = fx.post("/api/v1/bookmarks", "operator",
                    "{\"camera\":\"a\",\"time\":\"2026-11-28T10:01:00Z\",\"label\":\"van arrives\"}");
            assertThat(bm.status()).isEqualTo(201);
            assertThat(fx.get("/api/v1/bookmarks?camera=a", "viewer").json().toString()).contains("van arrives");
            assertThat(fx.request("DELETE", "/api/v1/bookmarks/" + bm.json().get("id").asLong(), "operator", null).status()).isEqualTo(204);
            assertThat(fx.request("DELETE", "/api/v1/holds/" + holdId, "operator", null).status()).isEqualTo(204);
            assertThat(fx.get("/api/v1/holds", "viewer").json()).isEmpty();
            String audit = fx.get("/api/v1/audit?from=0", "admin").json().toString();
            assertThat(audit).contains("hold.create", "hold.delete", "bookmark.create", "bookmark.delete");
        }
    }

    @Test
    void metricsAndHealthDescribeTheServer() throws Exception {
        try (ServerFixture fx = new ServerFixture(dir.resolve("data"))) {
            assertThat(fx.get("/metrics", "viewer").status()).as("a viewer may not scrape").isEqualTo(403);
            assertThat(fx.post("/api/v1/auth/tokens", "viewer", "{\"label\":\"x\",\"user\":\"metrics\"}").status())
                    .as("a token for someone else, by a non-admin").isEqualTo(403);
            String scrape = fx.post("/api/v1/auth/tokens", "admin", "{\"label\":\"prometheus\",\"user\":\"metrics\"}").json().get("token").asText();
            java.net.http.HttpResponse<String> bearer = fx.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(fx.base() + "/metrics"))
                    .header("Authorization", "Bearer " + scrape).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(bearer.statusCode()).as("a scrape token").isEqualTo(200);
            java.net.http.HttpResponse<String> cams = fx.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(fx.base() + "/api/v1/cameras"))
                    .header("Authorization", "Bearer " + scrape).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(cams.statusCode()).as("which opens nothing else").isEqualTo(403);
            ServerFixture.Reply m = fx.get("/metrics", "metrics");
            assertThat(m.status()).isEqualTo(200);
            assertThat(m.raw().headers().firstValue("content-type").orElse("")).startsWith("text/plain");
            assertThat(m.body()).contains("# TYPE nightjar_ring_occupancy gauge", "nightjar_ring_capacity 8192",
                    "nightjar_storage_free_bytes ", "nightjar_writer_latency_seconds_count ");
            JsonNode h = fx.get("/api/v1/health", "viewer").json();
            assertThat(h.at("/ring/capacity").asInt()).isEqualTo(8192);
            assertThat(h.at("/storage/freeBytes").asLong()).isPositive();
            assertThat(h.at("/ring/consumers")).hasSize(3);
            // the footage budget: 40 % of the test JVM's 1 GiB of direct memory, the writer's staging charged to it
            assertThat(h.at("/memory/budgetBytes").asLong()).isEqualTo((long) ((1L << 30) * 0.4));
            assertThat(h.at("/memory/state").asText()).isEqualTo("ok");
            assertThat(h.at("/memory/usedBytesByUse/staging").asLong()).isPositive();
            assertThat(h.at("/memory/message").isMissingNode()).as("no camera sheds").isTrue();
            assertThat(m.body()).contains("# TYPE nightjar_memory_budget_bytes gauge", "nightjar_memory_used_bytes{use=\"ring\"} ",
                    "nightjar_memory_refusals_total{use=\"live\"} ", "nightjar_memory_shedding_streams 0");
        }
    }

    @Test
    void aPortAlreadyInUseIsNamedWithTheSettingThatMovesIt() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ServerFixture(dir.resolve("data"), c -> c.server.httpPort = port))
                    .isInstanceOf(io.nightjar.api.server.PortInUseException.class)
                    .hasMessageContaining("HTTP port " + port + " on 127.0.0.1 is already in use")
                    .hasMessageContaining("server.httpPort").hasMessageContaining("--http-port");
        }
    }

    @Test
    void tlsServesTheApiOverHttps() throws Exception {
        Path ks = dir.resolve("ks.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "nightjar", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype",
                "PKCS12", "-keystore", ks.toString(), "-storepass", "changeit").redirectErrorStream(true).start();
        assertThat(keytool.waitFor()).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        Base64.Encoder pem = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Files.writeString(cert, "-----BEGIN CERTIFICATE-----\n" + pem.encodeToString(store.getCertificate("nightjar").getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + pem.encodeToString(store.getKey("nightjar", "changeit".toCharArray())
                .getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        try (ServerFixture fx = new ServerFixture(dir.resolve("data"), c -> {
            c.server.tlsCertificate = cert.toString();
            c.server.tlsKey = key.toString();
        })) {
            SSLContext trustAll = SSLContext.getInstance("TLS");
            trustAll.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            HttpClient https = HttpClient.newBuilder().sslContext(trustAll).build();
            HttpResponse<String> r = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + fx.server.httpPort() + "/api/v1/auth/me"))
                    .header("Authorization", ServerFixture.basic("viewer")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"user\":\"viewer\"");
            assertThat(r.sslSession()).isPresent();
            assertThat(r.headers().firstValue("strict-transport-security")).as("HSTS over TLS").hasValue("max-age=31536000");
            HttpResponse<String> login = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + fx.server.httpPort() + "/api/v1/auth/login"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"user\":\"viewer\",\"password\":\"" + ServerFixture.PASSWORD + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(200);
            assertThat(login.headers().firstValue("set-cookie").orElse("")).as("the session cookie over TLS").contains("; Secure", "HttpOnly",
                    "SameSite=Strict");
        }
    }
}
