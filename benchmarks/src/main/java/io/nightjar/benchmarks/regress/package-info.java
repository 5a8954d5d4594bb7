/**
 * {@code benchmarks/regress}: re-runs the headline figures (camera fleets, the zero-loss ramp, the
 * restream fan-out, the JMH ingest and write paths), prints them next to the figures last recorded
 * in {@code BENCHMARKS.md}'s "current at HEAD" table, and refreshes that table, so that a figure in
 * the document stays a claim about HEAD and a regression shows before it lands.
 */
package io.nightjar.benchmarks.regress;
