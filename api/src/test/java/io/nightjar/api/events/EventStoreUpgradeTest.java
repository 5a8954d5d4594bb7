package io.nightjar.api.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightjar.storage.index.FileEnd;
import io.nightjar.storage.index.FileRecord;
import io.nightjar.storage.index.TimeIndex;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An index written by an earlier Nightjar (schema 2: events as JSON with their snapshots inline,
 * the fixture {@code fixtures/index-schema2.zip} and how it was made beside it) opens with
 * today's code: upgraded to the current schema, every event, file, fragment and audit entry read
 * as written, snapshots apart from the records.
 */
class EventStoreUpgradeTest {
    private static final long T0 = 1_780_000_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void aSchema2IndexWrittenByTheLastReleaseOpensWithEverythingInIt() throws IOException {
        unzip("/fixtures/index-schema2.zip", dir);
        byte[] jpeg;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/index-schema2-snapshot.jpg")) {
            jpeg = in.readAllBytes();
        }
        try (TimeIndex index = TimeIndex.open(dir)) {
            assertThat(index.schemaVersion()).isEqualTo(TimeIndex.SCHEMA_VERSION).isGreaterThan(2);
            EventStore events = new EventStore(index.events());

            EventStore.Page page = events.query(Set.of("yard", "gate"), null, 0, Long.MAX_VALUE, null, 10);
            assertThat(page.events()).extracting(s -> s.event().id()).containsExactly(1L, 2L, 3L);
            EventStore.Stored motion = page.events().get(0);
            assertThat(motion.event().endMicros()).isEqualTo(T0 + 5_000_000);
            assertThat(motion.event().score()).isEqualTo(0.8);
            assertThat(motion.event().box().w()).isEqualTo(0.3);
            assertThat(motion.hasSnapshot()).isTrue();
            assertThat(motion.view().snapshotUrl()).isEqualTo("/api/v1/events/1/snapshot.jpg");
            assertThat(page.events().get(1).event().detail()).isEqualTo("lights on");
            assertThat(page.events().get(1).hasSnapshot()).isFalse();
            assertThat(page.events().get(2).event().zone()).isEqualTo("door");
            assertThat(page.events().get(2).event().open()).isTrue();
            assertThat(index.events().snapshotsRead()).as("listing read no JPEG").isZero();
            assertThat(events.snapshot(1)).isEqualTo(jpeg);
            assertThat(events.byId(3).event().camera()).isEqualTo("gate");

            FileRecord f = index.files().of("yard").get(0);
            assertThat(f.state()).isEqualTo(FileRecord.State.CLOSED);
            assertThat(f.end().kind()).isEqualTo(FileEnd.Kind.ROTATION);
            assertThat(index.fragments().of(f)).extracting(fr -> fr.offset()).containsExactly(700L, 2400L);
            assertThat(new AuditLog(index).query(0, Long.MAX_VALUE, 10)).extracting(a -> a.action() + " " + a.camera())
                    .containsExactly("playback yard");
            assertThat(index.holds().all()).containsOnlyKeys(1L);
            assertThat(index.bookmarks().all()).extracting(io.nightjar.storage.index.Bookmark::id).containsExactly(1L);
        }
        try (TimeIndex again = TimeIndex.open(dir)) {
            assertThat(new EventStore(again.events()).snapshot(1)).as("upgraded once, kept").isEqualTo(jpeg);
        }
    }

    private static void unzip(String resource, Path to) throws IOException {
        try (ZipInputStream z = new ZipInputStream(EventStoreUpgradeTest.class.getResourceAsStream(resource))) {
            for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                Files.copy(z, to.resolve(e.getName()));
            }
        }
    }
}
