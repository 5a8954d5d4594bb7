/**
 * Live restreaming: a lossy frame-ring consumer ({@link io.nightjar.api.live.LiveFanout}) turns
 * each access unit into shared RTP packets and a shared fMP4 fragment once, whatever the number of
 * viewers, and hands them to per-viewer bounded queues ({@link io.nightjar.api.live.LiveQueue})
 * that skip to the next keyframe when a viewer falls behind, so a slow viewer never slows another
 * or the recording.
 */
package io.nightjar.api.live;
