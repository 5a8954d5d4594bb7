/**
 * RTP depacketizers for H.264 (RFC 6184) and H.265 (RFC 7798). They turn RTP payloads into whole
 * access units of 4-byte length-prefixed NAL units in pooled buffers, track parameter sets from
 * the SDP and in-band, and tolerate the malformed packets real cameras send: every defect is
 * counted in {@link io.nightjar.recorder.depacketize.DepacketizerStats}, none throws.
 */
package io.nightjar.recorder.depacketize;
