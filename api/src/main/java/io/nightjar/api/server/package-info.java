/**
 * The running server: {@link io.nightjar.api.server.NightjarServer} wires storage, the frame ring
 * (segment writer, live fan-out, analytics tap), the cameras ({@link io.nightjar.api.server.CameraManager}),
 * the HTTP API and the RTSP server together, and takes them down in order.
 */
package io.nightjar.api.server;
