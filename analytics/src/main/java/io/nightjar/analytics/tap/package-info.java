/**
 * The analytics tap: a lossy ring consumer handing each analysed camera's access units to a
 * bounded per-camera mailbox (dropping up to the next keyframe when full, so decoding stays
 * correct), worker threads that decode and analyse, and the per-camera settings.
 */
package io.nightjar.analytics.tap;
