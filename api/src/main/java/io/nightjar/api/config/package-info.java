/**
 * Configuration: {@code nightjar.yml} read with Jackson, {@code ${ENV_VAR}} references expanded,
 * every field checked; an invalid file is refused at start with the file, the field and what is
 * wrong, so the server never starts half configured.
 */
package io.nightjar.api.config;
