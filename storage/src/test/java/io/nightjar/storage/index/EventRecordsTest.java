package io.nightjar.storage.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;

/** Events in the index: records without their snapshots, snapshots apart, and the upgrade from schema 2. */
class EventRecordsTest {
    private static final long T0 = 1_780_000_000_000_000L;
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, (byte) 0xFF, (byte) 0xD9};

    @TempDir
    Path dir;

    @Test
    void listingReadsNoSnapshotAndTheSnapshotIsReadAlone() {
        try (TimeIndex index = TimeIndex.open(dir)) {
            EventRecords events = index.events();
            events.put(event(1, T0, true), JPEG);
            events.put(event(2, T0 + 1_000_000, false), null);
            List<StoredEvent> listed = new ArrayList<>();
            events.forEach("yard", 0, Long.MAX_VALUE, listed::add);
            assertThat(listed).extracting(StoredEvent::id).containsExactly(1L, 2L);
            assertThat(listed).extracting(StoredEvent::hasSnapshot).containsExactly(true, false);
            assertThat(events.byId(1)).isEqualTo(listed.get(0));
            assertThat(events.snapshotsRead()).as("listing and lookups read no snapshot").isZero();
            assertThat(events.snapshot(1)).isEqualTo(JPEG);
            assertThat(events.snapshot(2)).isNull();
        }
    }

    @Test
    void anEventReplacedWithoutASnapshotLosesTheOldOneAndADeletedEventLeavesNothing() {
        try (TimeIndex index = TimeIndex.open(dir)) {
            EventRecords events = index.events();
            events.put(event(1, T0, true), JPEG);
            events.put(event(1, T0, true), null); // the flag follows what is stored
            assertThat(events.byId(1).hasSnapshot()).isFalse();
            assertThat(events.snapshot(1)).isNull();
            events.put(event(1, T0, false), JPEG);
            assertThat(events.byId(1).hasSnapshot()).isTrue();
            events.delete("yard", T0, 1);
            assertThat(events.byId(1)).isNull();
            assertThat(events.snapshot(1)).isNull();
        }
    }

    @Property(tries = 300)
    void everyEventReadsBackAsItWasStored(@ForAll("events") StoredEvent e) {
        byte[] v = EventCodec.encode(e);
        assertThat(v[0]).as("version").isEqualTo((byte) 2);
        assertThat(EventCodec.decode(e.camera(), e.startMicros(), e.id(), v).event()).isEqualTo(e);
    }

    @Test
    void aRecordInAnUnknownVersionIsRefusedNotMisread() {
        assertThatThrownBy(() -> EventCodec.decode("yard", T0, 7, new byte[] {9, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 9");
        assertThatThrownBy(() -> EventCodec.decode("yard", T0, 7, new byte[] {2, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cut short");
    }

    @Test
    void aSchema2IndexHasItsEventRecordsRewrittenAndTheirSnapshotsMoved() throws Exception {
        String v1WithSnapshot = "{\"id\":1,\"camera\":\"yard\",\"type\":\"motion\",\"startMicros\":" + T0 + ",\"endMicros\":" + (T0 + 5_000_000)
                + ",\"score\":0.8,\"zone\":null,\"box\":{\"x\":0.1,\"y\":0.2,\"w\":0.3,\"h\":0.4},\"snapshot\":\""
                + Base64.getEncoder().encodeToString(JPEG) + "\",\"detail\":null}";
        String v1Open = "{\"id\":2,\"camera\":\"yard\",\"type\":\"light.change\",\"startMicros\":" + (T0 + 1) + ",\"endMicros\":null"
                + ",\"score\":0.5,\"zone\":\"door\",\"box\":null,\"snapshot\":null,\"detail\":\"lights on\"}";
        int cam;
        try (TimeIndex index = TimeIndex.open(dir)) {
            cam = index.cameraKey("yard");
        }
        writeRaw(cam, List.of(v1WithSnapshot, v1Open), List.of(1L, 2L), List.of(T0, T0 + 1));

        TimeIndex readOnly = TimeIndex.openReadOnly(dir, dir.resolve("scratch"));
        try (readOnly) {
            assertThat(readOnly.schemaVersion()).as("a read-only view changes nothing").isEqualTo(2);
            assertThat(readOnly.events().snapshot(1)).as("read inline before the upgrade").isEqualTo(JPEG);
        }
        try (TimeIndex index = TimeIndex.open(dir)) {
            assertThat(index.schemaVersion()).isEqualTo(TimeIndex.SCHEMA_VERSION);
            assertThat(index.events().byId(1)).isEqualTo(new StoredEvent(1, "yard", "motion", T0, T0 + 5_000_000, 0.8, null,
                    new StoredEvent.Area(0.1, 0.2, 0.3, 0.4), null, true));
            assertThat(index.events().byId(2)).isEqualTo(new StoredEvent(2, "yard", "light.change", T0 + 1, null, 0.5, "door", null,
                    "lights on", false));
            assertThat(index.events().snapshot(1)).isEqualTo(JPEG);
        }
        try (RocksDB db = openRaw()) {
            byte[] v = db.get(handles.get(4), Keys.camTimeId(cam, T0, 1));
            assertThat(v[0]).as("rewritten in version 2, without the JPEG").isEqualTo((byte) 2);
            assertThat(v.length).isLessThan(64);
            handles.forEach(ColumnFamilyHandle::close);
        }
    }

    @Provide
    Arbitrary<StoredEvent> events() {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(40);
        Arbitrary<StoredEvent.Area> area = Combinators.combine(Arbitraries.doubles(), Arbitraries.doubles(), Arbitraries.doubles(),
                Arbitraries.doubles()).as(StoredEvent.Area::new).injectNull(0.3);
        return Combinators.combine(Arbitraries.longs().greaterOrEqual(0), Arbitraries.longs().between(0, Long.MAX_VALUE / 2),
                Arbitraries.longs().between(0, Long.MAX_VALUE / 2).injectNull(0.3), Arbitraries.doubles(), text.injectNull(0.5), area,
                text.injectNull(0.5), Arbitraries.of(true, false)).as((id, start, end, score, zone, a, detail, snap) ->
                new StoredEvent(id, "cam", "motion", start, end, score, zone, a, detail, snap));
    }

    private static StoredEvent event(long id, long start, boolean snapshot) {
        return new StoredEvent(id, "yard", "motion", start, start + 2_000_000, 0.7, null, new StoredEvent.Area(0, 0, 0.5, 0.5), null,
                snapshot);
    }

    private final List<ColumnFamilyHandle> handles = new ArrayList<>();

    /** Writes version-1 (JSON) event records the way schema 2 stored them, and sets the schema back to 2. */
    private void writeRaw(int cam, List<String> json, List<Long> ids, List<Long> starts) throws Exception {
        try (RocksDB db = openRaw()) {
            db.put(handles.get(0), "schema_version".getBytes(StandardCharsets.US_ASCII), new byte[] {0, 0, 0, 2});
            for (int i = 0; i < json.size(); i++) {
                db.put(handles.get(4), Keys.camTimeId(cam, starts.get(i), ids.get(i)), json.get(i).getBytes(StandardCharsets.UTF_8));
                db.put(handles.get(10), Keys.id(ids.get(i)), Keys.camTime(cam, starts.get(i)));
            }
            handles.forEach(ColumnFamilyHandle::close);
            handles.clear();
        }
        assertThat(Files.exists(dir.resolve("CURRENT"))).isTrue();
    }

    private RocksDB openRaw() throws Exception {
        handles.clear();
        List<ColumnFamilyDescriptor> d = new ArrayList<>();
        for (String f : TimeIndex.FAMILIES) {
            d.add(new ColumnFamilyDescriptor(f.getBytes(StandardCharsets.UTF_8)));
        }
        try (DBOptions o = new DBOptions()) {
            return RocksDB.open(o, dir.toString(), d, handles);
        }
    }
}
