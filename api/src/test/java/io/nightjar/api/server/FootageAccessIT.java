package io.nightjar.api.server;

import static io.nightjar.api.testing.ServerFixture.eventually;
import static io.nightjar.storage.testing.Times.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.nightjar.api.testing.ServerFixture;
import io.nightjar.storage.index.FileRecord;
import io.nightjar.storage.testing.StorageFixture;
import io.nightjar.recorder.testing.TestClips;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Footage by file over HTTP: file names in URLs cannot be walked, and every read of stored footage
 * (segment files, HLS segments, ranged export downloads) leaves an audit record, one per user and
 * file rather than one per request.
 */
class FootageAccessIT {
    @TempDir
    static Path dir;
    static ServerFixture fx;
    static FileRecord yard;
    static FileRecord gate;

    @BeforeAll
    static void start() throws Exception {
        Path data = dir.resolve("data");
        StorageFixture recorded = new StorageFixture(data);
        recorded.feeder("yard", TestClips.h264(320, 180, 25, 25, 4)).feed(T0, 250, true);
        recorded.feeder("gate", TestClips.h264(320, 180, 25, 25, 4)).feed(T0, 250, true);
        recorded.close();
        fx = new ServerFixture(data);
        yard = fx.server.storage().index().files().of("yard").get(0);
        gate = fx.server.storage().index().files().of("gate").get(0);
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void fileNamesCannotBeGuessedFromTheIndexSequence() {
        JsonNode files = fx.get("/api/v1/cameras/yard/files?from=" + iso(T0) + "&to=" + iso(T0 + 20_000_000), "viewer").json();
        assertThat(files).isNotEmpty();
        String name = files.get(0).get("name").asText();
        assertThat(name).matches("\\d+-[0-9a-f]{16}\\.mp4");
        assertThat(files.get(0).get("sha256").asText()).isEqualTo(yard.sha256());
        assertThat(fx.get("/api/v1/cameras/yard/files/" + name, "viewer").status()).isEqualTo(200);

        assertThat(fx.get("/api/v1/cameras/yard/files/" + yard.id() + ".mp4", "viewer").status()).as("the bare index id").isEqualTo(404);
        assertThat(fx.get("/api/v1/cameras/yard/files/" + yard.id() + "-0000000000000000.mp4", "viewer").status()).isEqualTo(404);
        String otherId = name.replaceFirst("^\\d+", String.valueOf(gate.id()));
        assertThat(fx.get("/api/v1/cameras/yard/files/" + otherId, "viewer").status()).as("another file's id with this tag").isEqualTo(404);
        String gateName = fx.server.fileLinks().name("gate", gate.id()) + ".mp4";
        assertThat(fx.get("/api/v1/cameras/yard/files/" + gateName, "viewer").status()).as("a name of another camera's file").isEqualTo(404);
        assertThat(fx.get("/api/v1/cameras/gate/files/" + gateName, "viewer").status()).isEqualTo(200);
    }

    @Test
    void everyReadOfFootageIsAuditedOncePerUserAndFile() throws Exception {
        String file = "/api/v1/cameras/gate/files/" + fx.server.fileLinks().name("gate", gate.id()) + ".mp4";
        for (String range : List.of("bytes=0-", "bytes=0-99", "bytes=100-199")) {
            assertThat(get(file, "operator", range).statusCode()).isEqualTo(206);
        }
        assertThat(downloads("operator", "file " + gate.id())).as("three ranged reads of one file, one record").isEqualTo(1);
        get(file, "viewer", null);
        assertThat(downloads("viewer", "file " + gate.id())).as("another user's read is its own record").isEqualTo(1);

        String playlist = fx.get("/api/v1/cameras/gate/playlist.m3u8?from=" + iso(T0) + "&to=" + iso(T0 + 20_000_000), "operator").body();
        List<String> uris = new ArrayList<>();
        for (String line : playlist.split("\n")) {
            if (line.startsWith("/")) {
                uris.add(line);
            } else if (line.startsWith("#EXT-X-MAP:URI=\"")) {
                uris.add(line.substring(16, line.indexOf('"', 16)));
            }
        }
        assertThat(uris).hasSizeGreaterThan(2);
        for (String u : uris) {
            assertThat(get(u, "operator", null).statusCode()).as(u).isEqualTo(200);
        }
        assertThat(downloads("operator", "hls " + gate.id())).as("an HLS playback's segments of one file, one record").isEqualTo(1);

        String exportId = fx.post("/api/v1/exports", "operator", "{\"camera\":\"gate\",\"from\":\"" + iso(T0 + 1_000_000) + "\",\"to\":\""
                + iso(T0 + 3_000_000) + "\"}").json().get("id").asText();
        assertThat(eventually(30_000, () -> fx.get("/api/v1/exports/" + exportId, "operator").json().get("state").asText().equals("done")))
                .isTrue();
        assertThat(get("/api/v1/exports/" + exportId + "/file.mp4", "operator", "bytes=0-").statusCode()).isEqualTo(206);
        assertThat(count("operator", "export-download", "job " + exportId)).as("a ranged download of an export").isEqualTo(1);
    }

    static HttpResponse<byte[]> get(String path, String user, String range) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fx.base() + path)).header("Authorization", ServerFixture.basic(user));
        if (range != null) {
            b.header("Range", range);
        }
        return fx.http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static long downloads(String user, String detail) {
        return count(user, "download", detail);
    }

    static long count(String user, String action, String detail) {
        long n = 0;
        for (JsonNode e : fx.get("/api/v1/audit?limit=10000", "admin").json()) {
            if (e.path("user").asText().equals(user) && e.path("action").asText().equals(action) && e.path("detail").asText().equals(detail)) {
                n++;
            }
        }
        return n;
    }

    static String iso(long micros) {
        return Instant.ofEpochSecond(0, micros * 1000).toString();
    }
}
