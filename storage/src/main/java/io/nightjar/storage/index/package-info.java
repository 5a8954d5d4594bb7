/**
 * The time index in RocksDB: {@link io.nightjar.storage.index.TimeIndex} opens it (schema version,
 * upgrades, camera keys, cross-family batches); one store per column family owns its keys and
 * values ({@link io.nightjar.storage.index.FileRecords}, {@link io.nightjar.storage.index.FragmentRecords},
 * {@link io.nightjar.storage.index.EventRecords},
 * {@link io.nightjar.storage.index.MotionRecords}, {@link io.nightjar.storage.index.IdRecords} for
 * holds (their values are {@code HoldStore}'s), {@link io.nightjar.storage.index.BookmarkStore},
 * {@link io.nightjar.storage.index.AuditRecords}). Every key is big-endian and fixed-width so byte
 * order is time order; {@link io.nightjar.storage.index.Keys} documents each layout. Every value
 * carries a version byte; the codecs ({@code EventCodec}, {@code BookmarkCodec}, {@code AuditCodec},
 * built on {@link io.nightjar.storage.index.RecordBytes}) still read the JSON of older schemas.
 * {@code docs/storage.md} describes the whole schema.
 */
package io.nightjar.storage.index;
