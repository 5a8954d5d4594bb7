package io.nightjar.api.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightjar.api.auth.Role;
import io.nightjar.api.auth.UserStore;
import io.nightjar.api.config.NightjarConfig;
import io.nightjar.api.server.NightjarServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A real server in this JVM on free ports with a fresh data directory and known users (admin,
 * operator, viewer, and "scoped", a viewer of camera "a" only), plus a small HTTP client.
 */
public final class ServerFixture implements AutoCloseable {
    public static final String PASSWORD = "correct-horse-battery";
    private static final ObjectMapper JSON = new ObjectMapper();

    public final Path data;
    public final NightjarServer server;
    public final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ServerFixture(Path data, Consumer<NightjarConfig> configure) throws Exception {
        this.data = data;
        Path usersFile = data.resolve(".nightjar").resolve("users.json");
        if (!java.nio.file.Files.exists(usersFile)) { // a fixture started again on the same data (a restart) keeps them
            UserStore users = new UserStore(usersFile);
            users.createUser("admin", PASSWORD, Role.admin, Set.of("*"));
            users.createUser("operator", PASSWORD, Role.operator, Set.of("*"));
            users.createUser("viewer", PASSWORD, Role.viewer, Set.of("*"));
            users.createUser("scoped", PASSWORD, Role.viewer, Set.of("a"));
            users.createUser("metrics", PASSWORD, Role.metrics, Set.of("*"));
        }
        NightjarConfig c = new NightjarConfig();
        c.storage.root = data.toString();
        c.storage.freeSpaceFloor = "10MB";
        c.server.bind = "127.0.0.1";
        c.server.httpPort = 0;
        c.server.rtspPort = 0;
        configure.accept(c);
        io.nightjar.api.config.ConfigValidator.validate("test", c);
        this.server = NightjarServer.start(c);
    }

    public ServerFixture(Path data) throws Exception {
        this(data, c -> { });
    }

    public String base() {
        return "http://127.0.0.1:" + server.httpPort();
    }

    public String rtsp(String user, String path) {
        return "rtsp://" + (user == null ? "" : user + ":" + PASSWORD + "@") + "127.0.0.1:" + server.rtspPort() + path;
    }

    /** A response: status, body text, and the body as JSON when it is JSON. */
    public record Reply(int status, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }
    }

    public static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    public Reply request(String method, String path, String user, String jsonBody) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30));
        if (user != null) {
            b.header("Authorization", basic(user));
        }
        if (jsonBody != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public Reply get(String path, String user) {
        return request("GET", path, user, null);
    }

    public Reply post(String path, String user, String json) {
        return request("POST", path, user, json);
    }

    /**
     * Adds a camera as admin ({@code cameraJson}: its fields, e.g. {@code "id":"yard","url":"rtsp://..."})
     * and waits until it records; fails the test with the server's answer or the camera's health otherwise.
     */
    public void addRecordingCamera(String id, String cameraJson, long timeoutMillis) throws InterruptedException {
        Reply created = post("/api/v1/cameras", "admin", "{" + cameraJson + "}");
        if (created.status() != 201) {
            throw new AssertionError("adding camera " + id + ": " + created.status() + " " + created.body());
        }
        if (!eventually(timeoutMillis, () -> get("/api/v1/cameras/" + id + "/health", "viewer").json().at("/recording").asText()
                .equals("recording"))) {
            throw new AssertionError("camera " + id + " not recording after " + timeoutMillis + " ms: "
                    + get("/api/v1/cameras/" + id + "/health", "viewer").body());
        }
    }

    /** Polls until the condition holds or the time is up; returns whether it held. */
    public static boolean eventually(long millis, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(200);
        }
        return condition.getAsBoolean();
    }

    @Override
    public void close() {
        server.close();
    }
}
