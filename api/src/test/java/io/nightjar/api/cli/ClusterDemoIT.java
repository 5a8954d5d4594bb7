package io.nightjar.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nightjar cluster-demo} as a user runs it, in its own process: it prints the ensemble and
 * each node's URL, the nodes share the simulated cameras out, {@code stop n2} on its input moves
 * n2's cameras to the others, {@code start n2} brings it back, and SIGTERM ends it cleanly.
 */
class ClusterDemoIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("demo:nightjar-demo".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void threeNodesShareTheCamerasAndANodeStoppedHandsThemOver() throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), NightjarCli.class.getName(), "cluster-demo", "--nodes", "3", "--cameras", "3",
                "--data", dir.resolve("site").toString(), "--http-port", "0", "--rtsp-port", "0", "--session-timeout", "4");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    lines.add(l);
                }
            } catch (java.io.IOException e) {
                // process ended
            }
        });
        pump.start();
        PrintWriter in = new PrintWriter(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8), true);
        try {
            Map<String, String> nodes = new LinkedHashMap<>();
            Pattern node = Pattern.compile("node (n\\d)\\s+(http://\\S+/)");
            long deadline = System.currentTimeMillis() + 90_000;
            while (nodes.size() < 3 && System.currentTimeMillis() < deadline && p.isAlive()) {
                for (String l : lines) {
                    Matcher m = node.matcher(l);
                    if (m.find()) {
                        nodes.put(m.group(1), m.group(2));
                    }
                }
                Thread.sleep(100);
            }
            assertThat(nodes).as(String.join("\n", lines)).hasSize(3);
            assertThat(String.join("\n", lines)).contains("ZooKeeper ensemble", "Demo login on every node: user 'demo', password 'nightjar-demo'");

            String n1 = nodes.get("n1");
            JsonNode spread = await(n1, v -> members(v).size() == 3 && allRecorded(v, nodes), 60, lines);
            assertThat(spread.get("cameras")).hasSize(3);

            List<String> n2Had = new ArrayList<>();
            for (JsonNode c : spread.get("cameras")) {
                if ("n2".equals(c.path("node").asText(null))) {
                    n2Had.add(c.get("camera").asText());
                }
            }
            Thread.sleep(4_000); // footage on n2 before it stops
            long stopAtMs = System.currentTimeMillis();
            in.println("stop n2");
            JsonNode after = await(n1, v -> members(v).equals(List.of("n1", "n3")) && allRecorded(v, nodes), 30, lines);
            for (JsonNode c : after.get("cameras")) {
                assertThat(c.get("node").asText()).as("%s after n2 stopped", c.get("camera").asText()).isIn("n1", "n3");
            }
            Thread.sleep(6_000);
            in.println("start n2");
            await(n1, v -> members(v).size() == 3, 60, lines);

            // a clean stop is make before break: n2 recorded its cameras until the others had them, no gap
            // (asked on n1, the spans are the whole site's, n2's own footage from before its stop among them)
            for (String camera : n2Had) {
                JsonNode spans = json(n1 + "api/v1/cameras/" + camera + "/spans?from=" + (stopAtMs - 3_000) + "&to=" + (stopAtMs + 5_000));
                assertThat(spans).as("%s: spans around n2's stop", camera).hasSize(1);
                assertThat(spans.get(0).get("recorded").asBoolean()).as("%s: %s", camera, spans).isTrue();
            }

            Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).inheritIO().start();
            assertThat(kill.waitFor()).isZero();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("stops within 60 s").isTrue();
            pump.join(5000);
            assertThat(String.join("\n", lines)).contains("n2 stopped", "n2 started again", "stopped cleanly");
        } finally {
            p.destroyForcibly();
        }
    }

    /** Every camera assigned, and recorded by its node (that node's own view says its streams run there). */
    /** Every camera assigned to a live member of {@code view}, whose streams run there. */
    private boolean allRecorded(JsonNode view, Map<String, String> nodes) {
        for (JsonNode c : view.get("cameras")) {
            // a node that is leaving has left the members before its cameras are reassigned (and records them meanwhile)
            if (!c.hasNonNull("node") || !members(view).contains(c.get("node").asText())) {
                return false;
            }
            JsonNode there = cluster(nodes.get(c.get("node").asText()));
            if (there == null) {
                return false;
            }
            boolean running = false;
            for (JsonNode t : there.get("cameras")) {
                running |= t.get("camera").equals(c.get("camera")) && t.get("recordingHere").asBoolean();
            }
            if (!running) {
                return false;
            }
        }
        return view.get("cameras").size() > 0;
    }

    private static List<String> members(JsonNode view) {
        List<String> out = new ArrayList<>();
        view.get("members").forEach(m -> out.add(m.get("node").asText()));
        return out;
    }

    private JsonNode await(String node, Predicate<JsonNode> ready, int seconds, List<String> lines) throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        JsonNode last = null;
        while (System.currentTimeMillis() < deadline) {
            JsonNode v = cluster(node);
            if (v != null) {
                last = v;
                if (ready.test(v)) {
                    return v;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not within " + seconds + " s; last view " + last + "\n" + String.join("\n", lines.subList(Math.max(0,
                lines.size() - 40), lines.size())));
    }

    private JsonNode cluster(String base) {
        return json(base + "api/v1/cluster");
    }

    private JsonNode json(String url) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", AUTH)
                    .timeout(java.time.Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        } catch (java.io.IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
