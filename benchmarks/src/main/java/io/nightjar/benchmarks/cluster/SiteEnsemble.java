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
            specs.add(new InstanceSpec(d.toFile(), InstanceSpec.getRandomPort(), InstanceSpec.getRandomPort(), InstanceSpec.getRandomPort(),
                    true, id, 500, 200));
        }
        TestingCluster ensemble = new TestingCluster(specs);
        ensemble.start();
        return ensemble;
    }
}
