package io.nightjar.api.server;

import io.nightjar.api.config.CameraConfig;
import io.nightjar.api.config.NightjarConfig;
import io.nightjar.api.config.Sizes;
import io.nightjar.storage.retention.RetentionPolicy;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The retention policy now: the configuration's limits with each camera's own rule (cameras added through the API included). */
final class RetentionPolicies implements Supplier<RetentionPolicy> {
    private static final long DAY_MICROS = 86_400_000_000L;

    private final NightjarConfig.Storage storage;
    private final CameraDirectory cameras;

    RetentionPolicies(NightjarConfig.Storage storage, CameraDirectory cameras) {
        this.storage = storage;
        this.cameras = cameras;
    }

    @Override
    public RetentionPolicy get() {
        Map<String, RetentionPolicy.CameraRule> per = new HashMap<>();
        for (CameraRuntime r : cameras.all()) {
            CameraConfig.RetentionConfig rc = r.config().retention;
            if (rc != null) {
                per.put(r.config().id, new RetentionPolicy.CameraRule(days(rc.maxAgeDays), size(rc.maxSize)));
            }
        }
        return new RetentionPolicy(days(storage.maxAgeDays), size(storage.cameraMaxSize), per, size(storage.maxSize),
                size(storage.freeSpaceFloor));
    }

    private static long days(Double d) {
        return d == null ? 0 : (long) (d * DAY_MICROS);
    }

    private static long size(String s) {
        return s == null ? 0 : Sizes.parse(s);
    }
}
