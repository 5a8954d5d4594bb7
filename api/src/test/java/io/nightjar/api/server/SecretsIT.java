package io.nightjar.api.server;

import static io.nightjar.api.testing.ServerFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import io.nightjar.api.testing.CapturedLogs;
import io.nightjar.api.testing.ServerFixture;
import io.nightjar.recorder.testing.GstRtspCamera;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A camera password given the way installers write it — inside the URL — appears in no log line,
 * no API answer, no audit record, no error message and no file but the owner-only camera store:
 * the URL's credentials are split out into the camera's user and password at once.
 */
class SecretsIT {
    static final String SECRET = "Zq7-s3cret-Pa55";
    static final String OTHER = "Wx4-other-Pa55";

    @TempDir
    Path dir;

    @Test
    void aPasswordInACameraUrlIsNeverShownLoggedOrStoredInTheClear() throws Exception {
        CapturedLogs logs = new CapturedLogs();
        List<String> answers = new ArrayList<>();
        Path data = dir.resolve("data");
        try (GstRtspCamera cam = GstRtspCamera.builder().h264().size(320, 180).fps(15).gop(15).digestAuth("tech", SECRET).start();
             ServerFixture fx = new ServerFixture(data)) {
            String withSecret = cam.url().replace("rtsp://", "rtsp://tech:" + SECRET + "@");
            ServerFixture.Reply created = fx.post("/api/v1/cameras", "admin", "{\"id\":\"door\",\"url\":\"" + withSecret + "\"}");
            answers.add(created.body());
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(created.json().get("user").asText()).as("the URL's user became the camera's").isEqualTo("tech");
            assertThat(created.json().get("hasPassword").asBoolean()).isTrue();
            assertThat(eventually(20_000, () -> fx.get("/api/v1/cameras/door/health", "viewer").json().at("/recording").asText()
                    .equals("recording"))).as("it records with the split credentials").isTrue();
            assertThat(fx.get("/api/v1/cameras/door", "viewer").json().get("recordingState").asText())
                    .as("the state as a value a program reads").isEqualTo("recording");

            // a wrong password, also in the URL: the camera refuses it, and the errors say so without it
            ServerFixture.Reply changed = fx.request("PUT", "/api/v1/cameras/door", "admin",
                    "{\"url\":\"" + cam.url().replace("rtsp://", "rtsp://tech:" + OTHER + "@") + "\"}");
            answers.add(changed.body());
            assertThat(changed.status()).as(changed.body()).isEqualTo(200);
            assertThat(eventually(20_000, () -> fx.get("/api/v1/cameras/door/health", "viewer").json().at("/main/lastError").asText()
                    .contains("401"))).as(fx.get("/api/v1/cameras/door/health", "viewer").body()).isTrue();
            JsonNode door = fx.get("/api/v1/cameras/door", "viewer").json();
            assertThat(door.at("/failure/kind").asText()).as("why, as a kind the UI reads instead of parsing the sentence: " + door)
                    .isEqualTo("AUTH_REJECTED");
            ServerFixture.Reply probe = fx.post("/api/v1/probe", "admin", "{\"url\":\"" + withSecret + "\"}");
            answers.add(probe.body());
            ServerFixture.Reply bad = fx.post("/api/v1/cameras", "admin", "{\"id\":\"bad\",\"url\":\"rtsp://tech:" + SECRET + "@:99999/x\"}");
            answers.add(bad.body());
            assertThat(bad.status()).isEqualTo(400);
            for (String path : List.of("/api/v1/cameras", "/api/v1/cameras/door", "/api/v1/cameras/door/health", "/api/v1/health",
                    "/api/v1/audit", "/metrics", "/api/v1/events")) {
                answers.add(fx.get(path, "admin").body());
            }
        } finally {
            logs.close();
        }
        for (String a : answers) {
            assertThat(a).doesNotContain(SECRET).doesNotContain(OTHER);
        }
        assertThat(logs.lines()).as("log lines were captured").isNotEmpty();
        for (String line : logs.lines()) {
            assertThat(line).doesNotContain(SECRET).doesNotContain(OTHER);
        }
        Path store = data.resolve(".nightjar").resolve("cameras.json");
        assertThat(Files.readString(store)).as("the password is kept as the camera's password").contains(OTHER);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store))).isEqualTo("rw-------");
        List<Path> leaking = new ArrayList<>();
        try (Stream<Path> files = Files.walk(data)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.equals(store)).toList()) {
                String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                if (bytes.contains(SECRET) || bytes.contains(OTHER)) {
                    leaking.add(data.relativize(f));
                }
            }
        }
        assertThat(leaking).as("files holding a camera password (index, audit, logs)").isEmpty();
    }
}
