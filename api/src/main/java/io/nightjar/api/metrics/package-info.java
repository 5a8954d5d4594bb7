/**
 * Prometheus metrics of a running server, through the Prometheus Java client: every figure is
 * read from the engine's own counters at scrape time (callbacks), so the recording path pays
 * nothing for them, plus the client's JVM and process metrics.
 */
package io.nightjar.api.metrics;
