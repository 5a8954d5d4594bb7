/**
 * RTSP authentication: Basic and Digest (RFC 7616: MD5 and SHA-256, with or without
 * {@code qop=auth}, session variants). Credentials are held here and nowhere else, and never
 * appear in a log line, an exception message or a {@code toString()}.
 */
package io.nightjar.recorder.auth;
