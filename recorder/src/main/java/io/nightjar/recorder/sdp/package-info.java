/**
 * SDP (RFC 8866) as cameras write it: tolerant of missing {@code o=} lines, trailing spaces, bare
 * LF line ends and unknown attributes; strict only where a wrong guess would record the wrong
 * thing. Parse errors name the line.
 */
package io.nightjar.recorder.sdp;
