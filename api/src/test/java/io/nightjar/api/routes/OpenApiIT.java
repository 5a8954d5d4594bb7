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
                    AuthorizationMatrixIT.Answer r = AuthorizationMatrixIT.answer(fx, op.getKey().toUpperCase(),
                            AuthorizationMatrixIT.concrete(path.getKey(), "a"), "admin");
                    assertThat(r.start()).as(op.getKey() + " " + path.getKey()).doesNotContain("no such endpoint");
                    assertThat(r.status()).as(op.getKey() + " " + path.getKey()).isNotEqualTo(405);
                }
            }
            Set<String> served = new TreeSet<>();
            for (Route r : Routes.build(fx.server).routes()) {
                if (!r.method().equals("HEAD")) {
                    served.add(r.method() + " " + r.template());
                }
            }
            assertThat(documented).isEqualTo(served);
        }
    }
}
