/**
 * Counters written by one thread (an event loop or a ring consumer) and read by any other
 * (health, metrics, probe reports) without locks or allocation on the writing side.
 */
package io.nightjar.recorder.stats;
