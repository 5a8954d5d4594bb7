package io.nightjar.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

/**
 * A record the whole site shares, on a real ZooKeeper server: nodes changing it at once lose no
 * change, every node hears every version in order, what ZooKeeper stores is sealed, and a change
 * refused or too large is not written, and one asked while ZooKeeper is away fails (as a lost connection, without waiting out the client's retries).
 */
class SharedDocumentIT {
    private static final SiteSeal SEAL = new SiteSeal("a-test-secret-of-at-least-32-characters");

    @Test
    void twoNodesAddingAtOnceLoseNothingAndBothHearEveryVersionInOrder() throws Exception {
        try (TestingServer zk = new TestingServer(true);
             CuratorFramework a = client(zk);
             CuratorFramework b = client(zk)) {
            List<Integer> heardByA = new CopyOnWriteArrayList<>();
            List<Integer> heardByB = new CopyOnWriteArrayList<>();
            List<String> lastB = new CopyOnWriteArrayList<>();
            SharedDocument onA = new SharedDocument(a, "lines", SEAL, v -> heardByA.add(v.version()));
            SharedDocument onB = new SharedDocument(b, "lines", SEAL, v -> {
                heardByB.add(v.version());
                lastB.add(text(v.content()));
            });
            onA.start();
            onB.start();
            assertThat(onA.read()).as("nothing written yet").isNull();

            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                SharedDocument via = i % 2 == 0 ? onA : onB;
                String line = "line-" + i;
                writes.add(pool.submit(() -> via.update(old -> bytes((old == null ? "" : text(old)) + line + "\n"))));
            }
            for (Future<?> f : writes) {
                f.get();
            }
            pool.shutdown();
            TreeSet<String> lines = new TreeSet<>(List.of(text(onB.read().content()).split("\n")));
            assertThat(lines).as("every node's change is in the record").hasSize(40);
            assertThat(onA.read().version()).as("one version per change, after the first").isEqualTo(39);

            assertThat(TestSite.within(10_000, () -> !heardByB.isEmpty() && heardByB.get(heardByB.size() - 1) == 39)).isTrue();
            assertThat(heardByB).as("versions arrive oldest first").isSorted();
            assertThat(heardByA).isSorted();
            assertThat(new TreeSet<>(List.of(lastB.get(lastB.size() - 1).split("\n")))).isEqualTo(lines);

            byte[] stored = a.getData().forPath(onA.path());
            assertThat(text(stored)).as("ZooKeeper holds it sealed").doesNotContain("line-");
            onA.close();
            onB.close();
        }
    }

    @Test
    void aRefusedChangeOrTheSameContentWritesNothingAndATooLargeRecordIsRefused() throws Exception {
        try (TestingServer zk = new TestingServer(true); CuratorFramework a = client(zk)) {
            SharedDocument doc = new SharedDocument(a, "users", SEAL, v -> { });
            doc.start();
            assertThat(doc.update(old -> bytes("one")).version()).isEqualTo(0);
            assertThatThrownBy(() -> doc.update(old -> {
                throw new IllegalArgumentException("user 'x' already exists");
            })).hasMessageContaining("already exists");
            assertThat(doc.update(old -> old).version()).as("unchanged content is not written again").isEqualTo(0);
            assertThatThrownBy(() -> doc.update(old -> new byte[SharedDocument.MAX_BYTES]))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("KiB");
            assertThat(text(doc.read().content())).isEqualTo("one");
            assertThat(doc.read().version()).isEqualTo(0);
            zk.stop();
            assertThat(TestSite.within(10_000, () -> !a.getZookeeperClient().isConnected())).isTrue();
            assertThatThrownBy(() -> doc.update(old -> bytes("two"))).as("cut off from ZooKeeper")
                    .isInstanceOf(org.apache.zookeeper.KeeperException.ConnectionLossException.class);
            doc.close();
        }
    }

    @Test
    void aRecordSealedWithAnotherSecretIsNotApplied() throws Exception {
        try (TestingServer zk = new TestingServer(true); CuratorFramework a = client(zk); CuratorFramework b = client(zk)) {
            List<String> heard = new CopyOnWriteArrayList<>();
            SharedDocument other = new SharedDocument(a, "cameras", new SiteSeal("another-secret-of-at-least-32-characters!"), v -> { });
            other.start();
            other.update(old -> bytes("theirs"));
            SharedDocument mine = new SharedDocument(b, "cameras", SEAL, v -> heard.add(text(v.content())));
            mine.start();
            assertThatThrownBy(mine::read).hasMessageContaining("same cluster.secret");
            Thread.sleep(500);
            assertThat(heard).as("a record this node cannot open is never applied").isEmpty();
            other.close();
            mine.close();
        }
    }

    /** A started client, connected (a shared record fails at once, rather than waiting, while it is not). */
    private static CuratorFramework client(TestingServer zk) throws InterruptedException {
        CuratorFramework c = CuratorFrameworkFactory.builder().connectString(zk.getConnectString()).namespace("site")
                .retryPolicy(new RetryOneTime(100)).build();
        c.start();
        assertThat(c.blockUntilConnected(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return c;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
