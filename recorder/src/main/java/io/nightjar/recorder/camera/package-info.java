/**
 * Camera supervision: keeps each camera stream connected (exponential backoff with jitter, read
 * timeout, stall detection), and reports its health in a technician's terms (state, last error in
 * words, measured fps, bitrate, GOP, loss, reconnects, codec, resolution, firmware string).
 */
package io.nightjar.recorder.camera;
