package io.nightjar.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nightjar.api.testing.ServerFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's camera is kept in the demo's data directory like a camera added in the UI: its zones
 * and masks can be edited and survive a restart, while its URL follows the simulator's new port.
 */
class DemoCameraIT {
    @TempDir
    Path data;

    @Test
    void theDemoCameraIsEditableAndKeepsItsEditsAcrossRestarts() throws Exception {
        try (ServerFixture fx = new ServerFixture(data)) {
            DemoCommand.ensureDemoCamera(fx.server.services().cameras(), "rtsp://127.0.0.1:9/first");
            JsonNode cam = fx.get("/api/v1/cameras/demo", "admin").json();
            assertThat(cam.get("url").asText()).isEqualTo("rtsp://127.0.0.1:9/first");
            assertThat(cam.at("/analytics/masks")).as("the demo's default mask").hasSize(1);
            ObjectNode edited = cam.deepCopy();
            edited.with("analytics").with("zones").set("gate",
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree("[[0.6,0.6],[0.9,0.6],[0.9,0.9]]"));
            ServerFixture.Reply saved = fx.request("PUT", "/api/v1/cameras/demo", "admin", edited.toString());
            assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        }
        try (ServerFixture fx = new ServerFixture(data)) {
            DemoCommand.ensureDemoCamera(fx.server.services().cameras(), "rtsp://127.0.0.1:9/second");
            JsonNode cam = fx.get("/api/v1/cameras/demo", "admin").json();
            assertThat(cam.get("url").asText()).as("the simulator's new address").isEqualTo("rtsp://127.0.0.1:9/second");
            assertThat(cam.at("/analytics/zones/gate")).as("the zone saved before the restart").hasSize(3);
            assertThat(cam.at("/analytics/masks")).hasSize(1);
            assertThat(fx.get("/api/v1/cameras", "admin").json()).hasSize(1);
        }
    }
}
