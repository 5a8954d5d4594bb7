/**
 * The HTTP API on Netty: routing with per-route roles (and per-camera permission), JSON in and out
 * with Jackson, errors as 4xx JSON messages (never stack traces), byte ranges served from files
 * zero-copy, the OpenAPI document generated from the same route table.
 */
package io.nightjar.api.http;
