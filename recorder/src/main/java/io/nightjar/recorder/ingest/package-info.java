/**
 * From RTP packets to the ring, on one stream's event loop: {@link io.nightjar.recorder.ingest.TrackReceiver}
 * (SSRC, sequence, timestamps, RTCP) feeds a depacketizer, whose access units go to a
 * {@link io.nightjar.recorder.ingest.StreamPublisher} (wall-clock time, health figures, ring publish with
 * back-pressure: a full ring pauses the channel instead of blocking the event loop).
 */
package io.nightjar.recorder.ingest;
