/**
 * Encoding in process, for what Nightjar makes itself rather than records: the demo's simulated
 * camera and the low-resolution H.264 preview of H.265 cameras for browsers. Recording never
 * passes through here.
 */
package io.nightjar.api.media;
