/** The cluster's control plane under load: many lightweight nodes (real Curator clients, no media) on a real ZooKeeper ensemble. */
package io.nightjar.benchmarks.cluster;
