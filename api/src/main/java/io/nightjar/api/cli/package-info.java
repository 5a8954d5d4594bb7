/** The {@code nightjar} command line: serve, demo, probe, verify. */
package io.nightjar.api.cli;
