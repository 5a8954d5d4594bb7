package io.nightjar.api.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightjar.storage.index.TimeIndex;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log keeps bounded records and never a password from a URL. */
class AuditLogTest {
    @TempDir
    Path dir;

    @Test
    void hostileFieldsAreCutAndUrlsLoseTheirUserInformation() {
        try (TimeIndex index = TimeIndex.open(dir)) {
            AuditLog audit = new AuditLog(index);
            String huge = "x".repeat(900_000);
            audit.record(huge, "127.0.0.1", "login.failed", null, null, null,
                    "camera added: rtsp://admin:s3cret@10.0.0.5:554/stream1 and http://u:p@host/x");
            List<io.nightjar.api.service.AuditEntry> got = audit.query(0, Long.MAX_VALUE, 10);
            assertThat(got).hasSize(1);
            String user = got.get(0).user();
            assertThat(user).hasSizeLessThan(200).endsWith("(899872 more characters)");
            assertThat(got.get(0).detail()).isEqualTo("camera added: rtsp://10.0.0.5:554/stream1 and http://host/x")
                    .doesNotContain("s3cret");
        }
    }
}
