/**
 * The time model: 90 kHz media time of each stream mapped to UTC microseconds. The anchor is
 * the camera's RTCP sender report when it agrees with the local clock, else the arrival time of
 * the first frame; drift is slewed at most 500 ppm; a jump of more than a second starts a new run
 * (a recorded discontinuity), never a silent gap or overlap.
 */
package io.nightjar.recorder.time;
