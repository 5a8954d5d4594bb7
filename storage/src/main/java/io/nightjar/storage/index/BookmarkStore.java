package io.nightjar.storage.index;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The index's {@code bookmarks} family: {@code id i64} → {@link BookmarkCodec} value, written synced. */
public final class BookmarkStore {
    private final IdRecords records;

    BookmarkStore(IdRecords records) {
        this.records = records;
    }

    public void put(Bookmark b) {
        records.put(b.id(), BookmarkCodec.encode(b));
    }

    /** The bookmark, or null. */
    public Bookmark get(long id) {
        byte[] v = records.get(id);
        return v == null ? null : BookmarkCodec.decode(id, v);
    }

    /** True when it existed. */
    public boolean delete(long id) {
        boolean existed = records.get(id) != null;
        records.delete(id);
        return existed;
    }

    /** Every bookmark in id order (they are few: an operator makes each). */
    public List<Bookmark> all() {
        List<Bookmark> out = new ArrayList<>();
        for (Map.Entry<Long, byte[]> e : records.all().entrySet()) {
            out.add(BookmarkCodec.decode(e.getKey(), e.getValue()));
        }
        return out;
    }
}
