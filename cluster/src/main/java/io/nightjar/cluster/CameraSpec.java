package io.nightjar.cluster;

/**
 * A camera as the site knows it, for assignment: its priority and whether it may move to another
 * node when its node dies.
 *
 * @param camera   camera id ({@code [A-Za-z0-9._-]{1,64}})
 * @param priority higher first when capacity is short (0 normal)
 * @param failover false: recorded only by its first node, left unassigned while that node is down
 */
public record CameraSpec(String camera, int priority, boolean failover) {
    public CameraSpec {
        ClusterPaths.checkName("camera id", camera);
    }

    /** A camera of normal priority that fails over. */
    public static CameraSpec of(String camera) {
        return new CameraSpec(camera, 0, true);
    }
}
