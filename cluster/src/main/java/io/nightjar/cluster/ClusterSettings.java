package io.nightjar.cluster;

import java.util.Objects;

/**
 * How a node joins its site.
 *
 * @param connectString    the ZooKeeper ensemble ({@code host:port,host:port,...})
 * @param namespace        the site's root in ZooKeeper (several sites may share an ensemble)
 * @param self             this node as it registers
 * @param sessionTimeoutMs ZooKeeper session timeout: how long a silent node counts as alive (also
 *                         the larger part of the time to fail its cameras over)
 * @param maxMovesPerSecond cameras the controller moves for balance alone per second (0: only orphans move)
 */
public record ClusterSettings(String connectString, String namespace, Member self, int sessionTimeoutMs, int maxMovesPerSecond) {
    /** Default session timeout: a dead node's cameras are reassigned within about 10 s plus a planning round. */
    public static final int DEFAULT_SESSION_TIMEOUT_MS = 10_000;

    public ClusterSettings {
        Objects.requireNonNull(connectString, "connectString");
        ClusterPaths.checkName("namespace", namespace);
        Objects.requireNonNull(self, "self");
        if (sessionTimeoutMs < 1000) {
            throw new IllegalArgumentException("a session timeout under 1 s would fail nodes over on a GC pause");
        }
        if (maxMovesPerSecond < 0) {
            throw new IllegalArgumentException("maxMovesPerSecond must not be negative");
        }
    }

    public static ClusterSettings of(String connectString, Member self) {
        return new ClusterSettings(connectString, "nightjar", self, DEFAULT_SESSION_TIMEOUT_MS, 2);
    }

    public ClusterSettings withSessionTimeoutMs(int ms) {
        return new ClusterSettings(connectString, namespace, self, ms, maxMovesPerSecond);
    }
}
