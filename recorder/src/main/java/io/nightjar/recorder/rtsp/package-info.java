/**
 * The RTSP 1.0 client (RFC 2326) on Netty: framing of interleaved {@code $} frames and RTSP
 * messages on one connection, the session state machine (OPTIONS, DESCRIBE, SETUP, PLAY,
 * keepalive, TEARDOWN), TCP interleaved and UDP transports with fallback, and the header formats
 * (Transport, Session, RTP-Info) as cameras actually write them.
 */
package io.nightjar.recorder.rtsp;
