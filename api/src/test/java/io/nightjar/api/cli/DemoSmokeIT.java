package io.nightjar.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightjar.storage.Storage;
import io.nightjar.storage.StorageConfig;
import io.nightjar.storage.index.FileRecord;
import io.nightjar.storage.read.Verifier;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nightjar demo} as a user runs it, in its own process: it starts with no configuration,
 * prints the URL and login, records the simulated camera, answers the API, and stops cleanly on
 * SIGTERM (Ctrl-C) with every file closed and verified.
 */
class DemoSmokeIT {
    @TempDir
    Path dir;

    @Test
    void startsRecordsAnswersAndStopsCleanly() throws Exception {
        Path data = dir.resolve("demo-data");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), NightjarCli.class.getName(), "demo", "--data", data.toString(), "--http-port", "0",
                "--rtsp-port", "0", "--size", "640x360", "--fps", "15");
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
        try {
            String url = null;
            long deadline = System.currentTimeMillis() + 60_000;
            Pattern web = Pattern.compile("web UI and API\\s+(http://\\S+)");
            while (url == null && System.currentTimeMillis() < deadline && p.isAlive()) {
                for (String l : lines) {
                    Matcher m = web.matcher(l);
                    if (m.find()) {
                        url = m.group(1);
                    }
                }
                Thread.sleep(100);
            }
            assertThat(url).as(String.join("\n", lines)).isNotNull();
            assertThat(String.join("\n", lines)).contains("Demo login: user 'demo', password 'nightjar-demo'");

            HttpClient http = HttpClient.newHttpClient();
            String auth = "Basic " + Base64.getEncoder().encodeToString("demo:nightjar-demo".getBytes(StandardCharsets.UTF_8));
            ObjectMapper json = new ObjectMapper();
            boolean recording = false;
            JsonNode health = null;
            while (!recording && System.currentTimeMillis() < deadline + 30_000) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "api/v1/cameras/demo/health"))
                        .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString());
                health = r.statusCode() == 200 ? json.readTree(r.body()) : null;
                recording = health != null && health.get("recording").asText().equals("recording")
                        && health.at("/writer/framesWritten").asLong() > 60;
                Thread.sleep(250);
            }
            assertThat(recording).as(String.valueOf(health)).isTrue();
            // the demo camera is editable like any camera added in the UI: a zone saved now is kept
            JsonNode cam = json.readTree(http.send(HttpRequest.newBuilder(URI.create(url + "api/v1/cameras/demo"))
                    .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString()).body());
            com.fasterxml.jackson.databind.node.ObjectNode edited = (com.fasterxml.jackson.databind.node.ObjectNode) cam.deepCopy();
            edited.with("analytics").with("zones").set("gate", json.readTree("[[0.6,0.6],[0.9,0.6],[0.9,0.9]]"));
            HttpResponse<String> saved = http.send(HttpRequest.newBuilder(URI.create(url + "api/v1/cameras/demo")).header("Authorization", auth)
                    .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(edited.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
            assertThat(json.readTree(saved.body()).at("/analytics/zones/gate")).hasSize(3);
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            HttpResponse<String> unauth = http.send(HttpRequest.newBuilder(URI.create(url + "api/v1/cameras")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(unauth.statusCode()).isEqualTo(401);

            Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).inheritIO().start(); // as Ctrl-C or systemd stop
            assertThat(kill.waitFor()).isZero();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("stops within 30 s").isTrue();
            pump.join(5000);
            assertThat(String.join("\n", lines)).as("exit " + p.exitValue()).contains("stopped cleanly");
        } finally {
            p.destroyForcibly();
        }
        assertThat(java.nio.file.Files.readString(data.resolve(".nightjar").resolve("cameras.json")))
                .as("the demo camera and its zone are kept in the demo's data directory").contains("\"demo\"").contains("gate");
        try (Storage s = Storage.open(StorageConfig.defaults(data))) {
            assertThat(s.recoveryActions()).as("a clean stop leaves nothing to recover").isEmpty();
            List<FileRecord> files = new ArrayList<>(s.index().files().of("demo"));
            assertThat(files).isNotEmpty();
            assertThat(files).allMatch(f -> f.state() == FileRecord.State.CLOSED && f.sha256() != null);
            Verifier.Report report = s.verify("demo", 0, Long.MAX_VALUE);
            assertThat(report.clean()).as(report.format()).isTrue();
        }
    }
}
