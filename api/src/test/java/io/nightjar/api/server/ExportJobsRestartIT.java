package io.nightjar.api.server;

import static io.nightjar.api.testing.ServerFixture.eventually;
import static io.nightjar.storage.testing.Times.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.nightjar.api.http.Json;
import io.nightjar.api.testing.ServerFixture;
import io.nightjar.recorder.testing.TestClips;
import io.nightjar.storage.testing.StorageFixture;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export jobs are kept for their stated 24 hours across restarts: a finished job is still listed
 * and downloadable after the server restarts, a job the stop interrupted runs again, and a job past
 * its 24 hours is gone with its files.
 */
class ExportJobsRestartIT {
    @TempDir
    Path data;

    @Test
    void exportJobsSurviveARestart() throws Exception {
        StorageFixture recorded = new StorageFixture(data);
        recorded.feeder("yard", TestClips.h264(320, 180, 25, 25, 4)).feed(T0, 250, true);
        recorded.close();
        String from = Instant.ofEpochSecond(0, (T0 + 1_000_000) * 1000).toString();
        String to = Instant.ofEpochSecond(0, (T0 + 5_000_000) * 1000).toString();

        String doneId;
        String sha;
        try (ServerFixture fx = new ServerFixture(data)) {
            doneId = fx.post("/api/v1/exports", "operator", "{\"camera\":\"yard\",\"from\":\"" + from + "\",\"to\":\"" + to + "\"}")
                    .json().get("id").asText();
            assertThat(eventually(30_000, () -> fx.get("/api/v1/exports/" + doneId, "operator").json().get("state").asText().equals("done")))
                    .as(fx.get("/api/v1/exports/" + doneId, "operator").body()).isTrue();
            sha = fx.get("/api/v1/exports/" + doneId, "operator").json().get("sha256").asText();
        }
        Path jobs = data.resolve(".nightjar").resolve("exports");
        // what a stop in the middle of an export leaves, and a job from the day before yesterday
        long now = System.currentTimeMillis();
        Files.write(jobs.resolve("interrupted.job.json"), Json.MAPPER.writeValueAsBytes(new Exports.Saved("interrupted", "yard",
                T0 + 1_000_000, T0 + 3_000_000, "operator", now - 60_000, io.nightjar.api.service.ExportState.RUNNING, null, 0, null)));
        Files.write(jobs.resolve("interrupted.mp4"), new byte[100]); // its partial file
        Files.write(jobs.resolve("stale.job.json"), Json.MAPPER.writeValueAsBytes(new Exports.Saved("stale", "yard",
                T0, T0 + 1_000_000, "operator", now - 49 * 3600_000L, io.nightjar.api.service.ExportState.DONE, null, 10, "00")));
        Files.write(jobs.resolve("stale.mp4"), new byte[10]);

        try (ServerFixture fx = new ServerFixture(data)) {
            JsonNode done = fx.get("/api/v1/exports/" + doneId, "operator").json();
            assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("done");
            assertThat(done.get("sha256").asText()).isEqualTo(sha);
            HttpResponse<byte[]> file = fx.http.send(HttpRequest.newBuilder(URI.create(fx.base() + "/api/v1/exports/" + doneId + "/file.mp4"))
                    .header("Authorization", ServerFixture.basic("operator")).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(file.statusCode()).isEqualTo(200);
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file.body())))
                    .as("the file downloaded after the restart is the one exported before it").isEqualTo(sha);
            assertThat(fx.get("/api/v1/exports/" + doneId + "/manifest.json", "operator").json().toString()).contains(sha);

            assertThat(eventually(30_000, () -> fx.get("/api/v1/exports/interrupted", "operator").json().path("state").asText().equals("done")))
                    .as("the interrupted job ran again: %s", fx.get("/api/v1/exports/interrupted", "operator").body()).isTrue();
            assertThat(Files.size(jobs.resolve("interrupted.mp4"))).as("a whole export, not the partial file").isGreaterThan(10_000);

            assertThat(fx.get("/api/v1/exports/stale", "operator").status()).isEqualTo(404);
            assertThat(jobs.resolve("stale.mp4")).doesNotExist();
            assertThat(jobs.resolve("stale.job.json")).doesNotExist();
            JsonNode list = fx.get("/api/v1/exports", "operator").json();
            assertThat(list).hasSize(2);
        }
    }
}
