package io.nightjar.api.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;

/**
 * A real ZooKeeper ensemble of three members inside this JVM (Curator's {@code TestingCluster}:
 * real quorum peers on loopback), for {@code nightjar cluster-demo} and the tests of a site of node
 * processes. Not for production: a site
 * runs its own ensemble (Debian's {@code zookeeperd}, or an existing one).
 */
public final class EmbeddedEnsemble implements AutoCloseable {
    private final TestingCluster cluster;

    private EmbeddedEnsemble(TestingCluster cluster) {
        this.cluster = cluster;
    }

    /** Starts three members with their data under {@code dir} (ticks of 500 ms: sessions from 1 s to 10 s). */
    public static EmbeddedEnsemble start(Path dir) throws Exception {
        // an embedded member that fails must not exit the JVM (ZooKeeper's default)
        org.apache.zookeeper.util.ServiceUtils.setSystemExitProcedure(org.apache.zookeeper.util.ServiceUtils.LOG_ONLY);
        // the members' own chatter (elections, connections between them) is not the demo's news
        org.slf4j.Logger server = org.slf4j.LoggerFactory.getLogger("org.apache.zookeeper.server");
        if (server instanceof ch.qos.logback.classic.Logger l) {
            l.setLevel(ch.qos.logback.classic.Level.ERROR);
        }
        List<InstanceSpec> specs = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            Path d = Files.createDirectories(dir.resolve("member" + id));
            specs.add(new InstanceSpec(d.toFile(), freePort(), freePort(), freePort(), false, id, 500, 200));
        }
        TestingCluster cluster = new TestingCluster(specs);
        cluster.start();
        return new EmbeddedEnsemble(cluster);
    }

    /** {@code host:port,...} of the members. */
    public String connectString() {
        return cluster.getConnectString();
    }

    /** The members themselves, for tests that kill and restart them. */
    public TestingCluster cluster() {
        return cluster;
    }

    /**
     * A free loopback port below the kernel's ephemeral range (32768 and up): a member restarted
     * must get its port back, and one in the ephemeral range may meanwhile have become the local
     * port of an outgoing connection.
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

    @Override
    public void close() throws IOException {
        cluster.close();
    }
}
