/**
 * The REST API under {@code /api/v1}: one class per endpoint group registering its routes (with
 * role, camera scope and summary) on the {@link io.nightjar.api.http.Router}; the OpenAPI document
 * is generated from the same table, so it cannot drift from what is served.
 */
package io.nightjar.api.routes;
