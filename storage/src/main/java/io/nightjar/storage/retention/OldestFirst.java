package io.nightjar.storage.retention;

import io.nightjar.storage.index.FileRecord;
import io.nightjar.storage.index.FileRecords;
import io.nightjar.storage.index.TimeIndex;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The files of several cameras, globally oldest first, merged from one index cursor per camera
 * (each already in start order): a file is read only when it is the next one asked for.
 */
final class OldestFirst implements AutoCloseable {
    private final List<FileRecords.Cursor> cursors = new ArrayList<>();
    private final PriorityQueue<FileRecords.Cursor> heads =
            new PriorityQueue<>(Comparator.comparingLong(FileRecords.Cursor::nextStartMicros));

    OldestFirst(TimeIndex index, List<String> cameras) {
        try {
            for (String camera : cameras) {
                FileRecords.Cursor c = index.files().oldestFirst(camera);
                cursors.add(c);
                if (c.hasNext()) {
                    heads.add(c);
                }
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The oldest file not yet taken, or null when none is left. */
    FileRecord next() {
        FileRecords.Cursor c;
        FileRecord f = null;
        while (f == null && (c = heads.poll()) != null) {
            f = c.next(); // null only when the rest of that camera's entries had no record
            if (c.hasNext()) {
                heads.add(c);
            }
        }
        return f;
    }

    @Override
    public void close() {
        for (FileRecords.Cursor c : cursors) {
            c.close();
        }
    }
}
