package io.nightjar.cluster;

import java.util.Objects;

/**
 * A node as it registers itself: who it is, where it answers, how many cameras it can record.
 *
 * @param node            node id, unique in the site ({@code [A-Za-z0-9._-]{1,64}})
 * @param httpAddress     where its API answers ({@code host:port}), for other nodes and clients
 * @param rtspAddress     where its RTSP server answers ({@code host:port}), or null
 * @param capacityCameras how many cameras it records at most (at least 1)
 */
public record Member(String node, String httpAddress, String rtspAddress, int capacityCameras) {
    public Member {
        ClusterPaths.checkName("node id", node);
        Objects.requireNonNull(httpAddress, "httpAddress");
        if (capacityCameras < 1) {
            throw new IllegalArgumentException("a node's capacity must be at least one camera, not " + capacityCameras);
        }
    }
}
