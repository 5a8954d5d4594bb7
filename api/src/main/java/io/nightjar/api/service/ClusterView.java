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
 * @param nodesDown  nodes a camera belongs to (its first node) or is assigned to that are not live members now, in id order
 * @param cameras    each camera's assignment, in id order
 */
public record ClusterView(String node, boolean controller, boolean connected, List<MemberView> members, List<String> nodesDown,
                          List<AssignmentView> cameras) {
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
     * @param home          the first node that recorded it
     */
    public record AssignmentView(String camera, String node, long epoch, boolean recordingHere, String home) {
    }

    /**
     * Which node recorded a camera when (the catalog: the failover history), oldest first.
     *
     * @param node    the node assigned now, or null
     * @param history each stretch: its node and epoch, from when it started until the next began ({@code to} null: now)
     */
    public record CameraHistory(String camera, String node, long epoch, List<Stretch> history) {
    }

    /** One node's stretch of a camera. */
    public record Stretch(String node, long epoch, String from, String to, long fromMs, Long toMs, boolean live) {
    }
}
