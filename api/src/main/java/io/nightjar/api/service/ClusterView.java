package io.nightjar.api.service;

import java.util.List;

/**
 * A node's view of its cluster: who it is, whether it leads, whether it reaches ZooKeeper, the live
 * members, and which node records each camera the caller may see.
 *
 * @param node       this node's id
 * @param controller true while this node is the elected controller
 * @param connected  true while this node reaches the ZooKeeper ensemble (cut off, it keeps recording what it has)
 * @param members    the live nodes
 * @param cameras    each camera's assignment, in id order
 */
public record ClusterView(String node, boolean controller, boolean connected, List<MemberView> members, List<AssignmentView> cameras) {
    /**
     * A live node.
     *
     * @param cameras how many cameras it is assigned now
     */
    public record MemberView(String node, String httpAddress, String rtspAddress, int capacityCameras, int cameras) {
    }

    /**
     * Who records a camera.
     *
     * @param node          the node assigned to record it, or null (no capacity left, or its only node down)
     * @param epoch         the assignment's epoch (grows each time the camera changes hands)
     * @param recordingHere true while this node runs its streams (during a handoff, both nodes do)
     */
    public record AssignmentView(String camera, String node, long epoch, boolean recordingHere) {
    }
}
