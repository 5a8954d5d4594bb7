/**
 * Analytics events: immutable records (motion, light change, tamper, unusual activity) opened and
 * closed with hysteresis, delivered in order to sinks (storage, live stream, webhooks).
 */
package io.nightjar.analytics.event;
