package io.nightjar.storage.retention;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightjar.storage.StorageException;
import io.nightjar.storage.index.TimeIndex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Evidence holds, persisted in the index's {@code holds} column family. */
public final class HoldStore {
    private static final ObjectMapper JSON = new ObjectMapper();

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
        try {
            index.holds().put(h.id(), JSON.writeValueAsBytes(h));
        } catch (IOException e) {
            throw new StorageException("could not store hold: " + e.getMessage(), e);
        }
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
                out.add(JSON.readValue(e.getValue(), Hold.class));
            } catch (IOException ex) {
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
