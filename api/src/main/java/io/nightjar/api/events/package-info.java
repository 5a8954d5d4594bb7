/**
 * Where analytics events go: the event store (persisted in the storage index, queryable by camera,
 * type and time), the live event stream (SSE with resume by {@code Last-Event-ID}), webhooks with
 * retries, MQTT, and the audit log of user actions.
 */
package io.nightjar.api.events;
