package io.nightjar.benchmarks.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;

/** A real three-member ZooKeeper ensemble in this JVM for a site of node processes (ticks of 500 ms: sessions from 1 s). */
public final class SiteEnsemble {
    private SiteEnsemble() {
    }

    /** Starts the ensemble with its data under {@code dir}; close it when done. */
    public static TestingCluster start(Path dir) throws Exception {
        // an embedded ZooKeeper server that fails must not exit this JVM
        org.apache.zookeeper.util.ServiceUtils.setSystemExitProcedure(org.apache.zookeeper.util.ServiceUtils.LOG_ONLY);
        List<InstanceSpec> specs = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            Path d = Files.createDirectories(dir.resolve("member" + id));
            specs.add(new InstanceSpec(d.toFile(), freePort(), freePort(), freePort(), true, id, 500, 200));
        }
        TestingCluster ensemble = new TestingCluster(specs);
        ensemble.start();
        return ensemble;
    }

    /**
     * A free loopback port below the kernel's ephemeral range (32768 and up): a member restarted
     * must get its port back, and one in the ephemeral range may meanwhile have become the local
     * port of an outgoing connection.
     */
    private static int freePort() throws java.io.IOException {
        java.util.Random random = new java.util.Random();
        for (int i = 0; i < 100; i++) {
            int port = 20_000 + random.nextInt(12_000);
            try (java.net.ServerSocket s = new java.net.ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
                return port;
            } catch (java.io.IOException taken) {
                // try another
            }
        }
        throw new java.io.IOException("no free port in 20000-32000");
    }
}
