package io.nightjar.storage.index;

import io.nightjar.storage.StorageException;
import java.nio.file.Path;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The open RocksDB database behind the index, as its stores use it: reads, writes synced or not
 * (the write-ahead log keeps order; the syncer thread syncs it), and errors that name the index.
 * Owned and closed by {@link TimeIndex}.
 */
final class IndexDb {
    final RocksDB db;
    private final Path dir;
    private final WriteOptions noSync;
    private final WriteOptions sync;

    IndexDb(RocksDB db, Path dir, WriteOptions noSync, WriteOptions sync) {
        this.db = db;
        this.dir = dir;
        this.noSync = noSync;
        this.sync = sync;
    }

    byte[] get(ColumnFamilyHandle cf, byte[] key) {
        try {
            return db.get(cf, key);
        } catch (RocksDBException e) {
            throw fail("read", e);
        }
    }

    void put(ColumnFamilyHandle cf, byte[] key, byte[] value, boolean durable) {
        try {
            db.put(cf, durable ? sync : noSync, key, value);
        } catch (RocksDBException e) {
            throw fail("write", e);
        }
    }

    void delete(ColumnFamilyHandle cf, byte[] key) {
        try {
            db.delete(cf, sync, key);
        } catch (RocksDBException e) {
            throw fail("delete", e);
        }
    }

    void write(WriteBatch b, boolean durable, String what) {
        try {
            db.write(durable ? sync : noSync, b);
        } catch (RocksDBException e) {
            throw fail(what, e);
        }
    }

    RocksIterator iterator(ColumnFamilyHandle cf) {
        return db.newIterator(cf);
    }

    RocksIterator iterator(ColumnFamilyHandle cf, ReadOptions ro) {
        return db.newIterator(cf, ro);
    }

    StorageException fail(String what, RocksDBException e) {
        return new StorageException("index " + dir + ": could not " + what + ": " + e.getMessage(), e);
    }
}
