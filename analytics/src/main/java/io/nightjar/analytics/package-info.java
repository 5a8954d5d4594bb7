/**
 * Analytics: decodes camera streams with FFmpeg (bytedeco) and watches them with OpenCV for motion
 * (with zones and masks), global light changes, tampering (covered, defocused, moved) and unusual
 * activity against a per-hour-of-week baseline. Fed by a lossy ring consumer: recording never waits
 * for analytics. Knows nothing of storage: events and motion grids leave through interfaces.
 */
package io.nightjar.analytics;
