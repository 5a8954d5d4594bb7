package io.nightjar.benchmarks.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightjar.api.auth.Role;
import io.nightjar.api.auth.UserStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * One Nightjar node as its own process ({@code nightjar serve} on this JVM's class path), with its
 * data directory, fixed loopback ports (kept across a restart, as a real node's are), an admin
 * user made before its first start, and its output in a log file.
 */
public final class NodeProcess {
    public static final String ADMIN_PASSWORD = "cluster-test-admin";
    /** The site's shared secret (every node of a test site has the same). */
    static final String SECRET = "cluster-test-secret-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String id;
    private final Path data;
    private final Path log;
    private final int httpPort;
    private final int rtspPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    public NodeProcess(String id, Path data, Path log) throws IOException {
        this.id = id;
        this.data = data;
        this.log = log.toAbsolutePath();
        this.httpPort = freePort();
        this.rtspPort = freePort();
        Files.createDirectories(data.resolve(".nightjar"));
        Files.createDirectories(this.log.getParent());
        new UserStore(data.resolve(".nightjar").resolve("users.json")).createUser("admin", ADMIN_PASSWORD, Role.admin, Set.of("*"));
    }

    public String id() {
        return id;
    }

    public Path data() {
        return data;
    }

    public int httpPort() {
        return httpPort;
    }

    public int rtspPort() {
        return rtspPort;
    }

    /** Writes its nightjar.yml: the same cameras as every node, its own ports and data, the site's ensemble. */
    public void writeConfig(String zookeeper, int capacity, int sessionTimeoutSeconds, int handoffSeconds, List<String> cameras,
                            IntFunction<String> url) throws IOException {
        StringBuilder y = new StringBuilder();
        y.append("storage:\n  root: ").append(data.toAbsolutePath()).append("\n  segmentMinutes: 1\n  freeSpaceFloor: 10MB\n");
        y.append("server:\n  bind: 127.0.0.1\n  httpPort: ").append(httpPort).append("\n  rtspPort: ").append(rtspPort).append('\n');
        y.append("cluster:\n  zookeeper: ").append(zookeeper).append("\n  node: ").append(id).append("\n  secret: ").append(SECRET).append("\n  capacityCameras: ").append(capacity)
                .append("\n  sessionTimeoutSeconds: ").append(sessionTimeoutSeconds).append("\n  handoffSeconds: ").append(handoffSeconds)
                .append("\n  maxMovesPerSecond: 1\n");
        y.append("cameras:\n");
        for (int i = 0; i < cameras.size(); i++) {
            y.append("  - id: ").append(cameras.get(i)).append("\n    url: ").append(url.apply(i)).append('\n')
                    .append("    analytics:\n      enabled: false\n");
        }
        Files.writeString(config(), y.toString());
    }

    private Path config() {
        return data.resolve("nightjar.yml");
    }

    /** Starts the node (again, after a kill: on the same data and ports). */
    public void start() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-XX:MaxDirectMemorySize=256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dio.netty.tryReflectionSetAccessible=true",
                "--add-opens", "java.base/java.nio=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "io.nightjar.api.cli.NightjarCli", "serve", "--config", config().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("MALLOC_ARENA_MAX", "2");
        process = pb.start();
    }

    /** SIGKILL, as a node losing power: nothing is closed or flushed. */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** SIGTERM: the node leaves the site, closes its files and flushes its index. */
    public void stopGracefully() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(id + " did not stop within 30 s of SIGTERM:\n" + logTail());
            }
        }
    }

    /**
     * Stops every node at once with SIGTERM (a site shut down: each leaves, hands its cameras to
     * whoever is left, closes its files and index) and waits for all.
     */
    public static void stopAll(List<NodeProcess> nodes) throws InterruptedException {
        for (NodeProcess n : nodes) {
            if (n.process != null && n.process.isAlive()) {
                n.process.destroy();
            }
        }
        for (NodeProcess n : nodes) {
            n.stopGracefully();
        }
    }

    /** {@code GET /api/v1/cluster} as admin, or null while the node does not answer. */
    public JsonNode clusterView() {
        return get("/api/v1/cluster");
    }

    /** {@code GET path} as admin: the JSON answer, or null while the node does not answer or refuses. */
    public JsonNode get(String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD)
                            .getBytes(StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** {@code GET path} as admin into {@code file}: the HTTP status (0 when the node does not answer). */
    public int download(String path, Path file) {
        try {
            HttpResponse<Path> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD)
                            .getBytes(StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofFile(file));
            return r.statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** The end of its log, for failure messages. */
    public String logTail() {
        try {
            String all = Files.exists(log) ? Files.readString(log) : "";
            return "--- " + log + " (end) ---\n" + all.substring(Math.max(0, all.length() - 4000));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
