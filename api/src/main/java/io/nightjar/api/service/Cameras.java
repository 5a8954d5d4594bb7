package io.nightjar.api.service;

import io.nightjar.api.config.CameraConfig;
import java.util.List;
import java.util.Optional;

/**
 * The cameras: their settings and state, changes (taking effect at once, audited), health,
 * retention achieved, snapshots, and connection probes.
 */
public interface Cameras {
    /** The cameras the caller may see, by id. */
    List<CameraView> list(Caller caller);

    /** Whether a camera is configured or has recordings (what {@code /cameras/{id}/...} routes accept). */
    boolean known(String id);

    /** A configured camera; NOT_FOUND otherwise. */
    CameraView get(Caller caller, String id);

    /** Adds a camera; recording starts at once. INVALID for a bad configuration, CONFLICT if the id is taken. */
    CameraView create(Caller caller, CameraConfig config);

    /** Replaces a camera's settings (a missing password keeps the stored one). */
    CameraView update(Caller caller, String id, CameraConfig config);

    /** Removes a camera; its recordings are kept. */
    void delete(Caller caller, String id);

    /** How a camera's streams, writer and analytics are doing (in a cluster: on the node that records it). */
    CameraHealthView health(Caller caller, String id);

    /** The retention achieved for a camera (in a cluster: over every node's footage of it). */
    RetentionView retention(Caller caller, String id);

    /** A JPEG of the live picture ({@code atMicros} null) or of a recorded instant, at most {@code width} wide; empty if there is none. */
    Optional<byte[]> snapshot(Caller caller, String id, Long atMicros, int width) throws Exception;

    /** Connects to a camera as the recorder would and reports what it found. */
    ProbeView probe(ProbeRequest request) throws Exception;
}
