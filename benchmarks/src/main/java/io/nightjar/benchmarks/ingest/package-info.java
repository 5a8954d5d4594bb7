/** JMH benchmarks of the ingest path: RTP packets to access units to the frame ring. */
package io.nightjar.benchmarks.ingest;
