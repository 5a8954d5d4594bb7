/**
 * Events leaving Nightjar: webhooks (JSON POSTs, HMAC-signed when a secret is set, retried with
 * exponential backoff) and MQTT (QoS 1 publications to {@code <topic>/<camera>/<type>}, kept
 * across broker reconnects). Both are bounded queues: a dead receiver costs memory once, not
 * forever, and never slows analytics.
 */
package io.nightjar.api.outbound;
