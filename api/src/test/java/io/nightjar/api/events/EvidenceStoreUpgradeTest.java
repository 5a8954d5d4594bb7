package io.nightjar.api.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightjar.api.service.AuditEntry;
import io.nightjar.storage.index.Bookmark;
import io.nightjar.storage.index.TimeIndex;
import io.nightjar.storage.retention.Hold;
import io.nightjar.storage.retention.HoldStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An index written by the last Nightjar whose holds, bookmarks and audit entries were JSON (schema
 * 3; the fixture {@code fixtures/index-schema3.zip} and the program that wrote it beside it) opens
 * with today's code: upgraded, every hold, bookmark and audit entry read field for field, and
 * records written since (binary) read beside them.
 */
class EvidenceStoreUpgradeTest {
    private static final long T0 = 1_780_000_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void jsonHoldsBookmarksAndAuditEntriesReadAsWrittenAndNewOnesBesideThem() throws IOException {
        unzip("/fixtures/index-schema3.zip", dir);
        try (TimeIndex index = TimeIndex.open(dir)) {
            assertThat(index.schemaVersion()).isEqualTo(TimeIndex.SCHEMA_VERSION).isGreaterThan(3);

            List<Hold> holds = new HoldStore(index).all();
            assertThat(holds).hasSize(2);
            Hold yard = holds.get(0);
            assertThat(yard.camera()).isEqualTo("yard");
            assertThat(yard.fromMicros()).isEqualTo(T0);
            assertThat(yard.toMicros()).isEqualTo(T0 + 60_000_000);
            assertThat(yard.untilMicros()).as("until released").isEqualTo(Long.MAX_VALUE);
            assertThat(yard.reason()).isEqualTo("case 4711");
            assertThat(yard.createdBy()).isEqualTo("admin");
            assertThat(yard.createdMicros()).isPositive();
            assertThat(holds.get(1).reason()).isEqualTo("insurance claim \u00e9\u00e8");
            assertThat(holds.get(1).untilMicros()).isEqualTo(T0 + 86_400_000_000L);

            List<Bookmark> bookmarks = index.bookmarks().all();
            assertThat(bookmarks).hasSize(2);
            Bookmark range = bookmarks.get(0);
            assertThat(range.camera()).isEqualTo("yard");
            assertThat(range.timeMicros()).isEqualTo(1_780_000_000_123_000L);
            assertThat(range.endMicros()).isEqualTo(1_780_000_060_123_000L);
            assertThat(range.label()).isEqualTo("van at the gate");
            assertThat(range.createdBy()).isEqualTo("admin");
            assertThat(range.createdMicros()).isEqualTo(1_780_002_000_456_000L);
            assertThat(bookmarks.get(1).endMicros()).as("a moment").isNull();

            List<AuditEntry> audit = new AuditLog(index).query(0, Long.MAX_VALUE, 10);
            assertThat(audit).hasSize(2);
            AuditEntry export = audit.get(0);
            assertThat(export.user()).isEqualTo("admin");
            assertThat(export.remote()).isEqualTo("127.0.0.1");
            assertThat(export.action()).isEqualTo("export");
            assertThat(export.camera()).isEqualTo("yard");
            assertThat(export.from()).isEqualTo("2026-05-28T20:26:40Z");
            assertThat(export.to()).isEqualTo("2026-05-28T20:27:40Z");
            assertThat(export.detail()).isEqualTo("job 7 rtsp://cam.example/stream");
            assertThat(export.error()).isNull();
            assertThat(audit.get(1).camera()).isNull();
            assertThat(audit.get(1).action()).isEqualTo("login");

            new HoldStore(index).add("yard", T0, T0 + 1, Long.MAX_VALUE, "new", "admin");
            index.bookmarks().put(new Bookmark(index.nextId("bookmark"), "yard", T0 + 7, null, "new", "admin", T0));
            new AuditLog(index).record("admin", "::1", "hold.create", "yard", T0, T0 + 1, "new");
        }
        try (TimeIndex again = TimeIndex.open(dir)) {
            assertThat(new HoldStore(again).all()).extracting(Hold::reason).containsExactly("case 4711", "insurance claim \u00e9\u00e8", "new");
            assertThat(again.bookmarks().all()).extracting(Bookmark::timeMicros).endsWith(T0 + 7);
            assertThat(new AuditLog(again).query(0, Long.MAX_VALUE, 10)).extracting(AuditEntry::action)
                    .containsExactly("export", "login", "hold.create");
        }
    }

    private static void unzip(String resource, Path to) throws IOException {
        try (ZipInputStream z = new ZipInputStream(EvidenceStoreUpgradeTest.class.getResourceAsStream(resource))) {
            for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                Files.copy(z, to.resolve(e.getName()));
            }
        }
    }
}
