/**
 * The Nightjar server: wiring of recorder, storage and analytics, the HTTP and RTSP servers,
 * authentication, and the {@code nightjar} command line.
 */
package io.nightjar.api;
