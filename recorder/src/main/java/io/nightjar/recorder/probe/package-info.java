/**
 * The technician's probe: connect to a camera for a few seconds and report transport,
 * authentication, tracks, codec, resolution, frame rate, GOP, bitrate, loss and the server
 * string, or one clear line saying why it failed.
 */
package io.nightjar.recorder.probe;
