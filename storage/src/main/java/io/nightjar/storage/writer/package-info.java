/**
 * The segment writer: a lossless ring consumer that turns each camera's access units into
 * fragmented MP4 files (written with direct I/O where possible) and index entries, plus the
 * threads that keep them durable (fsync per policy) and sealed (SHA-256 of closed files) without
 * slowing the writer down.
 */
package io.nightjar.storage.writer;
