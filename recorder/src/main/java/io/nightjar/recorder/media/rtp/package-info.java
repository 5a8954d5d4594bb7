/**
 * RTP payload formats for H.264 (RFC 6184) and H.265 (RFC 7798): the packetizer the restream
 * server sends with ({@link io.nightjar.recorder.media.rtp.RtpPacketizer}: single NAL units and
 * fragmentation units), and the depacketizers the recorder receives with. They turn RTP payloads into whole
 * access units of 4-byte length-prefixed NAL units in pooled buffers, track parameter sets from
 * the SDP and in-band, and tolerate the malformed packets real cameras send: every defect is
 * counted in {@link io.nightjar.recorder.media.rtp.DepacketizerStats}, none throws.
 */
package io.nightjar.recorder.media.rtp;
