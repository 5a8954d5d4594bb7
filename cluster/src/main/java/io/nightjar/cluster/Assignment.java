package io.nightjar.cluster;

/**
 * Who records a camera: the node, and the epoch of that decision. The epoch grows by one each time
 * the camera changes hands (never for a rewrite to the same node), so footage stamped with it says
 * which assignment it was recorded under, and a node that sees a higher epoch naming another node
 * knows it no longer owns the camera.
 *
 * @param camera camera id
 * @param node   the node that records it, or null while no node can (capacity exhausted, or its
 *               only node down for a camera without failover)
 * @param epoch  at least 1
 * @param home   the first node that recorded it (where a camera without failover belongs)
 */
public record Assignment(String camera, String node, long epoch, String home) {
    /** True when a node records it. */
    public boolean assigned() {
        return node != null;
    }
}
