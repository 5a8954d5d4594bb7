/**
 * Benchmarks: JMH micro-benchmarks of the hot paths (one sub-package per path), the camera-fleet
 * load harness and the peer comparison scripts. Figures and commands are kept in BENCHMARKS.md.
 */
package io.nightjar.benchmarks;
