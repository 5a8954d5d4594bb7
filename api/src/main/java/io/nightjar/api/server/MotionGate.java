package io.nightjar.api.server;

import io.nightjar.analytics.event.AnalyticsEvent;
import io.nightjar.analytics.event.EventSink;
import io.nightjar.api.config.CameraConfig;
import io.nightjar.storage.writer.RecordGate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The record modes: continuous records everything; off records nothing; motion records while a
 * motion event is open and {@code prePostSeconds} after it ends, and keeps {@code prePostSeconds}
 * before it in the writer's pre-roll. Listens to analytics events; answers the writer from memory.
 */
final class MotionGate implements RecordGate, EventSink {
    private final Function<String, CameraConfig> cameras;
    private final Map<String, Long> activeUntil = new ConcurrentHashMap<>();

    MotionGate(Function<String, CameraConfig> cameras) {
        this.cameras = cameras;
    }

    @Override
    public Decision decide(String camera, long wallMicros) {
        CameraConfig c = cameras.apply(camera);
        if (c == null || c.record == CameraConfig.RecordMode.continuous) {
            return Decision.RECORD;
        }
        if (c.record == CameraConfig.RecordMode.off) {
            return Decision.SKIP;
        }
        Long until = activeUntil.get(camera);
        return until != null && wallMicros < until ? Decision.RECORD : Decision.BUFFER;
    }

    @Override
    public long preRollMicros(String camera) {
        CameraConfig c = cameras.apply(camera);
        return c == null ? 0 : c.prePostSeconds * 1_000_000L;
    }

    @Override
    public void accept(AnalyticsEvent e) {
        if (!e.type().equals(AnalyticsEvent.MOTION) || e.zone() != null) {
            return;
        }
        if (e.open()) {
            activeUntil.put(e.camera(), Long.MAX_VALUE);
        } else {
            activeUntil.put(e.camera(), e.endMicros() + preRollMicros(e.camera()));
        }
    }

    /** Whether a motion-mode camera is recording at {@code wallMicros}. */
    boolean active(String camera, long wallMicros) {
        Long until = activeUntil.get(camera);
        return until != null && wallMicros < until;
    }
}
