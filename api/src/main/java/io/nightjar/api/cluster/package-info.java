/**
 * The server as a node of a cluster: {@link io.nightjar.api.cluster.ClusterMembership} joins the
 * site through the {@code cluster} module, publishes the configured cameras, and starts and stops
 * their streams as the elected controller assigns them, stamping each assignment's epoch into the
 * files written ({@code docs/cluster.md}).
 */
package io.nightjar.api.cluster;
