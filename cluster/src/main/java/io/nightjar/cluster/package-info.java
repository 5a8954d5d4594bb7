/**
 * The control plane of a site of recorder nodes, on Apache ZooKeeper through Apache Curator. Each
 * node registers an ephemeral {@link io.nightjar.cluster.Member member} record with its capacity;
 * one {@link io.nightjar.cluster.Controller controller}, elected among the nodes with Curator's
 * {@code LeaderSelector}, assigns every camera to a node ({@link io.nightjar.cluster.Assignment}:
 * camera → node and epoch) with versioned compare-and-set writes, planned by the pure
 * {@link io.nightjar.cluster.Planner}; each node's {@link io.nightjar.cluster.Ownership} tells its
 * recorder which cameras to record, and keeps recording through a lost ZooKeeper session until it
 * learns that another node owns a camera (fencing that favours recording). Nothing here touches
 * media: the recorder reacts to {@link io.nightjar.cluster.Ownership.Listener} calls.
 *
 * <p>ZooKeeper layout under the site's root ({@link io.nightjar.cluster.ClusterPaths}):
 * {@code members/<node>} (ephemeral, JSON {@link io.nightjar.cluster.Member}),
 * {@code cameras/<camera>} (JSON {@link io.nightjar.cluster.CameraSpec}: priority, failover),
 * {@code assignments/<camera>} (JSON {@link io.nightjar.cluster.Assignment}), {@code controller}
 * (the leader election's latch), {@code catalog/<camera>/<epoch>} (who recorded a camera when:
 * {@link io.nightjar.cluster.Catalog}), and {@code shared/<name>}: records every node may change,
 * sealed with the site secret ({@link io.nightjar.cluster.SharedDocument},
 * {@link io.nightjar.cluster.SiteSeal}).
 */
package io.nightjar.cluster;
