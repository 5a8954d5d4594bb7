/**
 * RTP and RTCP (RFC 3550) for one received stream: header parsing in place, sequence tracking
 * (loss, duplicates, reordering), a small reorder buffer for UDP, 64-bit timestamp unwrapping,
 * sender report parsing for the wall-clock anchor and receiver report writing.
 */
package io.nightjar.recorder.rtp;
