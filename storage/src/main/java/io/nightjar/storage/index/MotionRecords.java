package io.nightjar.storage.index;

import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;

/**
 * Motion grids for smart search: two column families.
 * <ul>
 *   <li>{@code motion}: key {@code camera key u32, epoch second i64} → the second's grid (a bitmask
 *       of the motion cells, as the analytics module writes it);</li>
 *   <li>{@code motion_minutes}: key {@code camera key u32, epoch minute i64} → the OR of the minute's
 *       grids, so that a search skips quiet minutes without reading their seconds.</li>
 * </ul>
 */
public final class MotionRecords {
    private final IndexDb db;
    private final TimeIndex index;
    private final ColumnFamilyHandle seconds;
    private final ColumnFamilyHandle minutes;

    MotionRecords(IndexDb db, TimeIndex index, ColumnFamilyHandle seconds, ColumnFamilyHandle minutes) {
        this.db = db;
        this.index = index;
        this.seconds = seconds;
        this.minutes = minutes;
    }

    /**
     * Stores the motion grid of a second and ORs it into the minute's summary grid (one write).
     * Called by one thread per camera (the camera's analytics worker), so the read-modify-write of
     * the summary does not race.
     */
    public void put(String camera, long epochSecond, byte[] grid) {
        int cam = index.cameraKey(camera);
        byte[] minuteKey = Keys.camTime(cam, Math.floorDiv(epochSecond, 60));
        byte[] summary = db.get(minutes, minuteKey);
        byte[] merged = summary == null || summary.length != grid.length ? grid.clone() : summary;
        if (summary != null && summary.length == grid.length) {
            for (int i = 0; i < grid.length; i++) {
                merged[i] |= grid[i];
            }
        }
        try (WriteBatch b = new WriteBatch()) {
            b.put(seconds, Keys.camTime(cam, epochSecond), grid);
            b.put(minutes, minuteKey, merged);
            db.write(b, false, "store a motion grid");
        } catch (org.rocksdb.RocksDBException e) {
            throw db.fail("store a motion grid", e);
        }
    }

    /** Minute summary grids (OR of the minute's seconds) for minutes in {@code [fromMinute, toMinute)}. */
    public void forEachMinute(String camera, long fromMinute, long toMinute, Visitor visitor) {
        forEachInRange(minutes, camera, fromMinute, toMinute, visitor);
    }

    /** Motion grids of a camera for seconds in {@code [fromSecond, toSecond)}. */
    public void forEachSecond(String camera, long fromSecond, long toSecond, Visitor visitor) {
        forEachInRange(seconds, camera, fromSecond, toSecond, visitor);
    }

    private void forEachInRange(ColumnFamilyHandle cf, String camera, long from, long to, Visitor visitor) {
        int cam = index.existingCameraKey(camera);
        if (cam < 0 || to <= from) {
            return;
        }
        try (Slice upper = new Slice(Keys.camTime(cam, to));
             ReadOptions ro = new ReadOptions().setIterateUpperBound(upper).setPrefixSameAsStart(true);
             RocksIterator it = db.iterator(cf, ro)) {
            for (it.seek(Keys.camTime(cam, Math.max(0, from))); it.isValid(); it.next()) {
                if (!visitor.visit(Keys.getLong(it.key(), 4), it.value())) {
                    return;
                }
            }
        }
    }

    /** Visits motion grids (a second's or a minute's) until it returns false. */
    @FunctionalInterface
    public interface Visitor {
        boolean visit(long epochSecondOrMinute, byte[] grid);
    }
}
