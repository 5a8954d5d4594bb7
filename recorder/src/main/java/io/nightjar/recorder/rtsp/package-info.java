/**
 * The RTSP 1.0 client (RFC 2326) on Netty: framing of interleaved {@code $} frames and RTSP
 * messages on one connection, the session's states and their legal transitions
 * ({@link io.nightjar.recorder.rtsp.SessionState}), the handshake a step per reply
 * ({@link io.nightjar.recorder.rtsp.RtspHandshake}: OPTIONS, DESCRIBE, SETUP, PLAY), requests and
 * replies ({@link io.nightjar.recorder.rtsp.RtspRequests}), keep-alives and TEARDOWN
 * ({@link io.nightjar.recorder.rtsp.RtspSession}), TCP interleaved and UDP transports with fallback,
 * and the header formats (Transport, Session, RTP-Info) as cameras actually write them.
 */
package io.nightjar.recorder.rtsp;
