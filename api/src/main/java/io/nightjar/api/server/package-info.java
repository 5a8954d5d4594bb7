/**
 * The engine in one process. {@link io.nightjar.api.server.NightjarServer} is the assembly: it
 * builds every part once, in order, from the configuration (storage, the
 * {@link io.nightjar.api.server.CameraDirectory}, the frame ring and its consumers, the cameras,
 * the services, the listeners) and takes them down in the order that keeps every frame. The
 * service implementations ({@code CameraService}, {@code RecordingService}, {@code Exports},
 * {@code EvidenceService}, {@code EventService}, {@code AccountService}, {@code StatusService},
 * {@code LiveService}) are package-private: the outside reaches them only through
 * {@link io.nightjar.api.service}.
 */
package io.nightjar.api.server;
