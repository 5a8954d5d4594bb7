/**
 * The REST API under {@code /api/v1}: one class per endpoint group registering its routes (with
 * role, camera scope and summary) on the {@link io.nightjar.api.http.Router}. Each route is a thin
 * adapter over one {@link io.nightjar.api.service} interface — it parses the request, calls the
 * service, and answers with the service's record serialized by the one API mapper
 * ({@link io.nightjar.api.http.Json#MAPPER}); what a caller got wrong comes back as a typed
 * {@link io.nightjar.api.service.ServiceException}. The OpenAPI document is generated from the same
 * table and the same records, so it cannot drift from what is served.
 */
package io.nightjar.api.routes;
