/**
 * Storage: lossless fragmented-MP4 recording, the RocksDB time index, crash recovery, retention
 * and the readers that serve recordings back (spans, HLS, exact MP4 export, verification).
 * {@link io.nightjar.storage.Storage} is the entry point.
 */
package io.nightjar.storage;
