package io.nightjar.api.server;

import io.nightjar.analytics.tap.AnalyticsSettings;
import io.nightjar.api.config.CameraConfig;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cameras being served, by id: what the writer's record gate, the analytics tap and the
 * services read at every frame or request, and what only the {@link CameraManager} changes. It
 * exists before the ring and the cameras, so that everything that reads it can be built once, in order.
 */
final class CameraDirectory {
    private final Map<String, CameraRuntime> cameras = new ConcurrentHashMap<>();

    Collection<CameraRuntime> all() {
        return cameras.values();
    }

    CameraRuntime get(String id) {
        return cameras.get(id);
    }

    boolean exists(String id) {
        return cameras.containsKey(id);
    }

    CameraConfig config(String id) {
        CameraRuntime r = cameras.get(id);
        return r == null ? null : r.config();
    }

    /** The analytics settings of a camera (the tap asks at every frame), or null. */
    AnalyticsSettings analytics(String id) {
        CameraRuntime r = cameras.get(id);
        return r == null ? null : r.analytics();
    }

    void put(CameraRuntime r) {
        cameras.put(r.config().id, r);
    }

    void remove(String id) {
        cameras.remove(id);
    }
}
