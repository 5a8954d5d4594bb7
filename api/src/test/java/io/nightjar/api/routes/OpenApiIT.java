package io.nightjar.api.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.nightjar.api.http.Route;
import io.nightjar.api.testing.ServerFixture;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI document served at /api/v1/openapi.json describes exactly the routes the server answers. */
class OpenApiIT {
    @TempDir
    Path dir;

    @Test
    void theDocumentMatchesTheServedRoutesBothWays() throws Exception {
        try (ServerFixture fx = new ServerFixture(dir)) {
            ServerFixture.Reply reply = fx.get("/api/v1/openapi.json", null);
            assertThat(reply.status()).isEqualTo(200);
            JsonNode doc = reply.json();
            assertThat(doc.get("openapi").asText()).startsWith("3.0");
            Set<String> documented = new TreeSet<>();
            for (Iterator<Map.Entry<String, JsonNode>> p = doc.get("paths").fields(); p.hasNext(); ) {
                Map.Entry<String, JsonNode> path = p.next();
                for (Iterator<Map.Entry<String, JsonNode>> m = path.getValue().fields(); m.hasNext(); ) {
                    Map.Entry<String, JsonNode> op = m.next();
                    documented.add(op.getKey().toUpperCase() + " " + path.getKey());
                    assertThat(op.getValue().get("summary").asText()).isNotBlank();
                    assertThat(op.getValue().get("responses").size()).isPositive();
                    // served: the path answers as something other than "no such endpoint"
                    io.nightjar.api.testing.AuthorizationMatrix.Answer r = io.nightjar.api.testing.AuthorizationMatrix.answer(fx, op.getKey().toUpperCase(),
                            io.nightjar.api.testing.AuthorizationMatrix.concrete(path.getKey(), "a"), "admin");
                    assertThat(r.start()).as(op.getKey() + " " + path.getKey()).doesNotContain("no such endpoint");
                    assertThat(r.status()).as(op.getKey() + " " + path.getKey()).isNotEqualTo(405);
                }
            }
            Set<String> served = new TreeSet<>();
            for (Route r : Routes.build(fx.server.services()).routes()) {
                if (!r.method().equals("HEAD")) {
                    served.add(r.method() + " " + r.template());
                }
            }
            assertThat(documented).isEqualTo(served);
        }
    }

    @Test
    void everyOperationSaysWhatItTakesAndAnswersAndRedoclyFindsNoError() throws Exception {
        try (ServerFixture fx = new ServerFixture(dir)) {
            JsonNode doc = fx.get("/api/v1/openapi.json", null).json();
            assertThat(doc.at("/servers/0/url").asText()).isEqualTo("/");
            assertThat(doc.at("/components/securitySchemes/token/in").asText()).as("the ?token= scheme").isEqualTo("query");
            Set<String> statuses = new TreeSet<>();
            for (Iterator<Map.Entry<String, JsonNode>> p = doc.get("paths").fields(); p.hasNext(); ) {
                Map.Entry<String, JsonNode> path = p.next();
                for (Iterator<Map.Entry<String, JsonNode>> m = path.getValue().fields(); m.hasNext(); ) {
                    Map.Entry<String, JsonNode> op = m.next();
                    String name = op.getKey().toUpperCase() + " " + path.getKey();
                    for (Iterator<Map.Entry<String, JsonNode>> r = op.getValue().get("responses").fields(); r.hasNext(); ) {
                        Map.Entry<String, JsonNode> response = r.next();
                        statuses.add(response.getKey());
                        if (!Set.of("204", "101", "304").contains(response.getKey())) {
                            JsonNode content = response.getValue().get("content");
                            assertThat(content).as("%s %s has a media type", name, response.getKey()).isNotNull();
                            assertThat(content.elements().next().get("schema")).as("%s %s has a schema", name, response.getKey()).isNotNull();
                        }
                    }
                    if (op.getKey().equals("put") || op.getKey().equals("post") && !path.getKey().endsWith("/logout")) {
                        JsonNode body = op.getValue().at("/requestBody/content/application~1json/schema/properties");
                        assertThat(body.size()).as("%s documents its request body's fields", name).isPositive();
                    }
                }
            }
            assertThat(statuses).contains("200", "201", "202", "204", "206", "400", "401", "403", "404", "416", "429");
            assertThat(doc.at("/paths/~1api~1v1~1cameras~1{id}/put/requestBody/content/application~1json/schema/properties/analytics/properties/zones/type")
                    .asText()).as("camera settings documented down to the zones").isEqualTo("object");
            assertThat(doc.at("/paths/~1api~1v1~1cameras~1{id}~1export.mp4/get/responses/200/content").has("video/mp4")).isTrue();
            assertThat(doc.at("/paths/~1api~1v1~1cameras~1{id}~1playlist.m3u8/get/responses/200/content")
                    .has("application/vnd.apple.mpegurl")).isTrue();
            assertThat(doc.at("/paths/~1api~1v1~1cameras~1{id}~1snapshot.jpg/get/responses/200/content").has("image/jpeg")).isTrue();

            Path file = dir.resolve("openapi.json");
            java.nio.file.Files.writeString(file, doc.toString());
            Path redocly = Path.of("..", ".ci", "tools", "node_modules", ".bin", "redocly").toAbsolutePath().normalize();
            assertThat(redocly).as("installed by .ci/install-test-deps").isExecutable();
            io.nightjar.recorder.testing.Tools.Result lint = io.nightjar.recorder.testing.Tools.run(120, redocly.toString(), "lint",
                    "--format=summary", file.toString());
            assertThat(lint.exitCode()).as(lint.stdout() + lint.stderr()).isZero();
            assertThat(lint.stdout() + lint.stderr()).as("redocly's summary").doesNotContainPattern("(?m)^error ");
        }
    }
}
