/**
 * The time index in RocksDB: column families, key encodings and records. Every key is
 * big-endian and fixed-width so byte order is time order; {@link io.nightjar.storage.index.Keys}
 * documents each layout.
 */
package io.nightjar.storage.index;
