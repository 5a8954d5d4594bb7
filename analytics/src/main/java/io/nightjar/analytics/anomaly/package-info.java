/**
 * Unusual activity: a per-camera baseline of motion activity for each of the 168 hours of the
 * week, and an event when the current activity departs from it by a configurable number of
 * standard deviations.
 */
package io.nightjar.analytics.anomaly;
