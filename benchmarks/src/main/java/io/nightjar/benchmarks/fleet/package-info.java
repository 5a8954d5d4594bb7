/**
 * The camera-fleet load harness: a lightweight RTSP replayer of pre-packetized RTP
 * ({@link io.nightjar.benchmarks.fleet.FleetReplayer}) serving hundreds of simulated cameras over
 * loopback, the recording engine in its own process ({@link io.nightjar.benchmarks.fleet.EngineMain}),
 * the driver that measures loss, CPU, RSS and latency ({@link io.nightjar.benchmarks.fleet.FleetBench}),
 * and the restream fan-out measurement with readers that time every frame
 * ({@link io.nightjar.benchmarks.fleet.RestreamBench}).
 */
package io.nightjar.benchmarks.fleet;
