/** Benchmarks of analytics: decode + motion per frame, the 32-camera load, and the motion daemon comparison. */
package io.nightjar.benchmarks.analytics;
