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
 * real quorum peers on loopback), for {@code nightjar cluster-demo}. Not for production: a site
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

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        cluster.close();
    }
}
