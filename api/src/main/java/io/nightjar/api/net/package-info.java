/**
 * What the HTTP and RTSP listeners share at the connection level: {@link
 * io.nightjar.api.net.ConnectionLimiter}, the bound on open connections in total and per source
 * address.
 */
package io.nightjar.api.net;
