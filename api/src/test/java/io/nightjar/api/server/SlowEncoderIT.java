package io.nightjar.api.server;

import static io.nightjar.api.testing.ServerFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.nightjar.api.testing.ServerFixture;
import io.nightjar.recorder.testing.GstRtspCamera;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An H.265 camera whose encoder cannot keep real time: GStreamer timestamps 25 frames a second but
 * delivers only 20 ({@code identity sleep-time} holds every encoded frame 50 ms), so its RTP clock
 * falls 0.2 s behind arrival time every second, seconds behind within the test. Every frame that
 * arrives is recorded, in one file, with no reconnect and no gap: the clock is re-anchored within
 * the run, and the camera's health says so.
 */
class SlowEncoderIT {
    @TempDir
    Path dir;

    @Test
    void aCameraWhoseClockFallsBehindRealTimeLosesNoFrame() throws Exception {
        String launch = "( videotestsrc is-live=true pattern=ball ! video/x-raw,width=320,height=180,framerate=25/1 ! videoconvert"
                + " ! x265enc tune=zerolatency speed-preset=ultrafast key-int-max=25 bitrate=300 ! identity sleep-time=50000"
                + " ! rtph265pay name=pay0 pt=96 config-interval=1 )";
        try (GstRtspCamera cam = GstRtspCamera.builder().launch(launch).start();
             ServerFixture fx = new ServerFixture(dir.resolve("data"))) {
            ServerFixture.Reply created = fx.post("/api/v1/cameras", "admin", "{\"id\":\"slow\",\"url\":\"" + cam.url()
                    + "\",\"analytics\":{\"enabled\":false}}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(eventually(30_000, () -> fx.get("/api/v1/cameras/slow/health", "viewer").json().at("/main/clock/reanchors").asLong() >= 2))
                    .as("the clock fell over a second behind, twice: %s", fx.get("/api/v1/cameras/slow/health", "viewer").body()).isTrue();
            assertThat(eventually(10_000, () -> {
                JsonNode h = fx.get("/api/v1/cameras/slow/health", "viewer").json();
                return h.at("/writer/framesWritten").asLong() == h.at("/main/frames").asLong();
            })).as("every frame received is written: %s", fx.get("/api/v1/cameras/slow/health", "viewer").body()).isTrue();
            JsonNode h = fx.get("/api/v1/cameras/slow/health", "viewer").json();
            assertThat(h.at("/main/frames").asLong()).isGreaterThan(100);
            assertThat(h.at("/main/fps").asDouble()).as("the encoder's real pace").isBetween(17.0, 22.0);
            assertThat(h.at("/main/clock/jumps").asLong()).as("not a jump").isZero();
            assertThat(h.at("/main/reconnects").asLong()).isZero();
            assertThat(h.at("/writer/framesDropped").asLong()).as(h.at("/writer").toString()).isZero();
            assertThat(h.at("/writer/filesWritten").asLong()).as("no new file for a slow clock").isEqualTo(1);
            JsonNode spans = fx.get("/api/v1/cameras/slow/spans?from=" + (System.currentTimeMillis() - 120_000), "viewer").json();
            long recorded = 0;
            for (JsonNode sp : spans) {
                if (sp.get("recorded").asBoolean()) {
                    recorded++;
                }
            }
            assertThat(recorded).as("one recorded span, no gap: %s", spans).isEqualTo(1);
        }
    }
}
