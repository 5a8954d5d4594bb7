package io.nightjar.storage.retention;

import java.util.Map;

/**
 * Retention rules. Zero means "no limit" for every field. Whichever rule bites first deletes the
 * oldest footage first.
 *
 * @param maxAgeMicros     per camera: footage older than this is deleted
 * @param cameraMaxBytes   per camera byte quota
 * @param perCamera        overrides of the two per-camera rules by camera id
 * @param globalMaxBytes   quota for all cameras together
 * @param freeSpaceFloorBytes keep at least this much free on each storage file system
 */
public record RetentionPolicy(long maxAgeMicros, long cameraMaxBytes, Map<String, CameraRule> perCamera, long globalMaxBytes,
                              long freeSpaceFloorBytes) {
    /** A camera's own age and byte limits (0 = no limit). */
    public record CameraRule(long maxAgeMicros, long maxBytes) {
    }

    public static RetentionPolicy unlimited() {
        return new RetentionPolicy(0, 0, Map.of(), 0, 0);
    }

    public long maxAgeOf(String camera) {
        CameraRule r = perCamera.get(camera);
        return r != null && r.maxAgeMicros() > 0 ? r.maxAgeMicros() : maxAgeMicros;
    }

    /** Whether any rule limits bytes (then retention keeps a ledger of each camera's usage). */
    public boolean hasQuota() {
        if (cameraMaxBytes > 0 || globalMaxBytes > 0) {
            return true;
        }
        for (CameraRule r : perCamera.values()) {
            if (r.maxBytes() > 0) {
                return true;
            }
        }
        return false;
    }

    public long maxBytesOf(String camera) {
        CameraRule r = perCamera.get(camera);
        return r != null && r.maxBytes() > 0 ? r.maxBytes() : cameraMaxBytes;
    }
}
