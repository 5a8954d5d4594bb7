/**
 * Motion detection with OpenCV: contrast normalisation, blur, running-average background,
 * threshold, dilation, contours with a minimum area, polygon masks and named zones, a per-frame
 * motion grid for smart search, and recognition of global light changes (which are not motion).
 */
package io.nightjar.analytics.motion;
