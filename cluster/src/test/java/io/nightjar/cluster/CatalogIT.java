package io.nightjar.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

/** The catalog on a real ZooKeeper server: stretches chain by epoch, a repeat keeps the first entry, old entries are pruned. */
class CatalogIT {
    @Test
    void stretchesFollowEpochsEachEndingWhereTheNextBegins() throws Exception {
        try (TestingServer zk = new TestingServer(true);
             CuratorFramework client = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100))) {
            client.start();
            Catalog catalog = new Catalog(client);
            assertThat(catalog.of("yard")).isEmpty();
            catalog.note("yard", 1, "n1", 1_000);
            catalog.note("yard", 3, "n2", 5_000);
            catalog.note("yard", 2, "n3", 3_000);
            catalog.note("yard", 3, "n2", 9_000); // n2 restarted under the same epoch: the first start stands
            List<CatalogSpan> spans = catalog.of("yard");
            assertThat(spans).containsExactly(new CatalogSpan("yard", "n1", 1, 1_000, 3_000), new CatalogSpan("yard", "n3", 2, 3_000, 5_000),
                    new CatalogSpan("yard", "n2", 3, 5_000, Long.MAX_VALUE));
            assertThat(spans.get(1).overlaps(4_000, 4_500)).isTrue();
            assertThat(spans.get(1).overlaps(5_000, 6_000)).isFalse();
            assertThat(catalog.of("gate")).as("another camera").isEmpty();
        }
    }

    @Test
    void aCameraKeepsItsLatestEntries() throws Exception {
        try (TestingServer zk = new TestingServer(true);
             CuratorFramework client = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100))) {
            client.start();
            Catalog catalog = new Catalog(client);
            for (int epoch = 1; epoch <= Catalog.KEPT + 5; epoch++) {
                catalog.note("yard", epoch, "n" + (epoch % 3), epoch * 1_000L);
            }
            List<CatalogSpan> spans = catalog.of("yard");
            assertThat(spans).hasSize(Catalog.KEPT);
            assertThat(spans.get(0).epoch()).isEqualTo(6);
            assertThat(spans.get(spans.size() - 1).epoch()).isEqualTo(Catalog.KEPT + 5);
        }
    }
}
