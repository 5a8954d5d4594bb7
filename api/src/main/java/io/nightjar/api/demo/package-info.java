/**
 * {@code nightjar demo}: a simulated camera (a scene drawn with OpenCV, encoded to H.264 in
 * process with FFmpeg's OpenH264 encoder, served by Nightjar's own RTSP server on a port of its
 * own) recorded and analysed by a full server, so the whole product runs with no configuration
 * and no camera.
 */
package io.nightjar.api.demo;
