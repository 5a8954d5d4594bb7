/**
 * The RTSP server for VMS clients and players: {@code rtsp://host:8554/<camera>} (main stream),
 * {@code .../<camera>/sub} (sub-stream), live or, with {@code Range: clock=} or a {@code ?start=}
 * query, playback of recordings. TCP interleaved and UDP transports, Digest authentication against
 * the user store (or an API token in {@code ?token=}), per-camera permissions, audit of playback.
 * Live packets are shared between readers (built once by the live fan-out); each reader has a
 * bounded queue and skips to the next keyframe when it falls behind.
 */
package io.nightjar.api.rtsp;
