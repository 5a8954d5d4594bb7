/**
 * Retention: age, per-camera and global byte quotas and a free-space floor, oldest footage first,
 * whole files, index before file (crash-safe); evidence holds protect ranges; achieved retention
 * per camera is reported so a technician can prove what is kept.
 */
package io.nightjar.storage.retention;
