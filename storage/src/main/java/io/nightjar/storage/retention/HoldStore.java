package io.nightjar.storage.retention;

import io.nightjar.storage.StorageException;
import io.nightjar.storage.index.TimeIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Evidence holds, persisted in the index's {@code holds} column family ({@code id i64} → {@link HoldCodec} value, synced). */
public final class HoldStore {
    private final TimeIndex index;

    public HoldStore(TimeIndex index) {
        this.index = index;
    }

    public Hold add(String camera, long fromMicros, long toMicros, long untilMicros, String reason, String createdBy) {
        if (toMicros <= fromMicros) {
            throw new IllegalArgumentException("a hold needs from < to");
        }
        Hold h = new Hold(index.nextId("hold"), camera, fromMicros, toMicros, untilMicros, reason == null ? "" : reason,
                createdBy == null ? "" : createdBy, System.currentTimeMillis() * 1000);
        index.holds().put(h.id(), HoldCodec.encode(h));
        return h;
    }

    public boolean remove(long id) {
        boolean existed = index.holds().get(id) != null;
        index.holds().delete(id);
        return existed;
    }

    public List<Hold> all() {
        List<Hold> out = new ArrayList<>();
        for (Map.Entry<Long, byte[]> e : index.holds().all().entrySet()) {
            try {
                out.add(HoldCodec.decode(e.getKey(), e.getValue()));
            } catch (IllegalArgumentException ex) {
                throw new StorageException("hold " + e.getKey() + " is unreadable: " + ex.getMessage(), ex);
            }
        }
        return out;
    }

    /** True when an active hold covers any part of {@code [start, end)} of the camera. */
    public boolean protects(List<Hold> holds, String camera, long start, long end, long nowMicros) {
        for (Hold h : holds) {
            if (h.protects(camera, start, end, nowMicros)) {
                return true;
            }
        }
        return false;
    }
}
