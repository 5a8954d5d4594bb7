package io.nightjar.api.server;

import io.nightjar.storage.Storage;
import io.nightjar.storage.retention.AchievedRetention;
import java.util.List;
import java.util.function.Supplier;

/** Achieved retention of every camera for the metrics, computed at most once a minute (it walks the file index). */
final class AchievedRetentionCache implements Supplier<List<AchievedRetention>> {
    static final long REFRESH_MILLIS = 60_000;

    private final Storage storage;
    private volatile List<AchievedRetention> cached = List.of();
    private volatile long computedAtMillis;

    AchievedRetentionCache(Storage storage) {
        this.storage = storage;
    }

    @Override
    public List<AchievedRetention> get() {
        long now = System.currentTimeMillis();
        if (now - computedAtMillis > REFRESH_MILLIS) {
            cached = storage.retention().achieved();
            computedAtMillis = now;
        }
        return cached;
    }
}
