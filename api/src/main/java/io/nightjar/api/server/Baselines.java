package io.nightjar.api.server;

import io.nightjar.analytics.anomaly.ActivityBaseline;
import io.nightjar.api.config.CameraConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each camera's activity baseline (what the anomaly detector compares with), loaded on first use
 * from {@code <state>/baselines/<camera>.bin} in the camera's time zone and saved at stop.
 */
final class Baselines implements Function<String, ActivityBaseline> {
    private static final Logger LOG = LoggerFactory.getLogger(Baselines.class);

    private final Path dir;
    private final CameraDirectory cameras;
    private final Map<String, ActivityBaseline> loaded = new ConcurrentHashMap<>();

    Baselines(Path dir, CameraDirectory cameras) {
        this.dir = dir;
        this.cameras = cameras;
    }

    @Override
    public ActivityBaseline apply(String camera) {
        return loaded.computeIfAbsent(camera, c -> {
            CameraConfig cc = cameras.config(c);
            ZoneId zone = cc != null && cc.timeZone != null ? ZoneId.of(cc.timeZone) : ZoneId.systemDefault();
            Path f = dir.resolve(c + ".bin");
            try {
                if (Files.exists(f)) {
                    return ActivityBaseline.deserialize(Files.readAllBytes(f), zone);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("{}: activity baseline {} unreadable ({}); starting a new one", c, f, e.toString());
            }
            return new ActivityBaseline(zone);
        });
    }

    void save() {
        for (Map.Entry<String, ActivityBaseline> e : loaded.entrySet()) {
            Path f = dir.resolve(e.getKey() + ".bin");
            try {
                Files.createDirectories(f.getParent());
                Files.write(f, e.getValue().serialize());
            } catch (IOException ex) {
                LOG.warn("could not save the activity baseline of {}: {}", e.getKey(), ex.toString());
            }
        }
    }
}
