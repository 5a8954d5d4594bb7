package io.nightjar.api.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightjar.api.testing.AuthorizationMatrix;
import io.nightjar.api.testing.ServerFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route of the real route table, called without credentials and as each role: no
 * credentials is 401 (except liveness, login and the OpenAPI document), a role below the route's
 * is 403, a role at or above it is never 401/403; a viewer limited to camera "a" gets 403 on
 * camera "b" ({@link AuthorizationMatrix}; AbuseRunIT checks it again after its floods).
 */
class AuthorizationMatrixIT {
    @TempDir
    Path dir;

    @Test
    void eachRoleIsAllowedExactlyWhatItsRouteSays() throws Exception {
        try (ServerFixture fx = new ServerFixture(dir)) {
            assertThat(AuthorizationMatrix.failures(fx)).isEmpty();
        }
    }
}
