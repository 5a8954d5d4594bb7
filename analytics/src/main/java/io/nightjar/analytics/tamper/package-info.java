/**
 * Tamper detection: a covered or blacked-out lens, a defocused lens (sharpness far below the
 * camera's own learned reference), a camera moved or rotated (the whole scene shifted against a
 * reference, found by phase correlation). Each condition must persist before its event opens and
 * the event closes when the view recovers; references adapt slowly, one per day and IR mode.
 */
package io.nightjar.analytics.tamper;
