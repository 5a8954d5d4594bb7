package io.nightjar.cluster;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;

/**
 * A real three-member ZooKeeper ensemble in the test JVM (ticks of 250 ms, so sessions may be as
 * short as 500 ms), and nodes joined to it each through its own {@link TcpCut}s, with a recorder
 * stand-in that remembers what it was told to record.
 */
final class TestSite implements AutoCloseable {
    static final int SESSION_TIMEOUT_MS = 2_000;

    final TestingCluster ensemble;
    private final List<TestNode> nodes = new ArrayList<>();

    /** What a node's recorder was told, and the node itself. */
    static final class TestNode {
        final ClusterNode node;
        final List<TcpCut> links;
        final Map<String, Long> recording = new ConcurrentHashMap<>();
        final List<String> told = java.util.Collections.synchronizedList(new ArrayList<>());

        TestNode(ClusterSettings settings, List<TcpCut> links) {
            this.links = links;
            this.node = ClusterNode.start(settings, new Ownership.Listener() {
                @Override
                public void start(String camera, long epoch) {
                    recording.put(camera, epoch);
                    told.add("start " + camera + " " + epoch);
                }

                @Override
                public void stop(String camera, long epoch, String owner) {
                    recording.remove(camera);
                    told.add("stop " + camera + " " + epoch + " " + owner);
                }
            });
        }

        /** Partitions the node from every ZooKeeper member (its recording carries on). */
        void partition() {
            links.forEach(TcpCut::cut);
        }

        void heal() {
            links.forEach(TcpCut::restore);
        }
    }

    TestSite() throws Exception {
        // An embedded ZooKeeper server that fails exits the JVM by default: here it must fail the test instead.
        org.apache.zookeeper.util.ServiceUtils.setSystemExitProcedure(org.apache.zookeeper.util.ServiceUtils.LOG_ONLY);
        List<InstanceSpec> specs = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            File dir = Files.createTempDirectory("zk" + id).toFile();
            specs.add(new InstanceSpec(dir, freePort(), freePort(), freePort(), true, id, 250, 200));
        }
        ensemble = new TestingCluster(specs);
        ensemble.start();
    }

    /**
     * A free port below the kernel's ephemeral range (32768 and up): a server restarted in a test
     * must get its port back, and a port in the ephemeral range may meanwhile be taken as the local
     * port of some outgoing connection (it was: "Address already in use" on restart).
     */
    private static int freePort() throws IOException {
        java.util.Random random = new java.util.Random();
        for (int i = 0; i < 100; i++) {
            int port = 20_000 + random.nextInt(12_000);
            try (java.net.ServerSocket s = new java.net.ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port in 20000-32000");
    }

    /** A node with {@code capacity} cameras, joined through relays of its own. */
    TestNode join(String id, int capacity) throws IOException {
        List<TcpCut> links = new ArrayList<>();
        for (InstanceSpec s : ensemble.getInstances()) {
            links.add(new TcpCut(s.getPort()));
        }
        String connect = links.stream().map(l -> "127.0.0.1:" + l.port()).collect(Collectors.joining(","));
        ClusterSettings settings = new ClusterSettings(connect, "site", new Member(id, "127.0.0.1:" + (8000 + nodes.size()), null, capacity),
                SESSION_TIMEOUT_MS, 2);
        TestNode n = new TestNode(settings, links);
        nodes.add(n);
        return n;
    }

    Collection<InstanceSpec> members() {
        return ensemble.getInstances();
    }

    /** Polls until {@code condition} holds; false after {@code millis}. */
    static boolean within(long millis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(25);
        }
        return condition.getAsBoolean();
    }

    @Override
    public void close() throws Exception {
        for (TestNode n : nodes) {
            n.node.close();
            for (TcpCut l : n.links) {
                l.close();
            }
        }
        ensemble.close();
    }
}
