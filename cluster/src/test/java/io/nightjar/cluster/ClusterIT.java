package io.nightjar.cluster;

import static io.nightjar.cluster.TestSite.SESSION_TIMEOUT_MS;
import static io.nightjar.cluster.TestSite.within;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.InstanceSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three nodes on a real three-member ZooKeeper ensemble (in this JVM), twelve cameras: spread by
 * capacity, moved off a node cut from ZooKeeper within its session timeout, unchanged when one
 * ZooKeeper member dies, kept while the quorum is lost, and a partitioned node records until it
 * learns it lost its cameras.
 */
class ClusterIT {
    private TestSite site;
    private TestSite.TestNode a;
    private TestSite.TestNode b;
    private TestSite.TestNode c;

    @BeforeEach
    void twelveCamerasOnThreeNodes() throws Exception {
        site = new TestSite();
        a = site.join("a", 6);
        b = site.join("b", 6);
        c = site.join("c", 12);
        for (TestSite.TestNode n : List.of(a, b, c)) {
            assertThat(n.node.awaitReady(20, TimeUnit.SECONDS)).as(n.node.node() + " joined").isTrue();
        }
        assertThat(within(10_000, () -> a.node.members().size() == 3)).isTrue();
        for (int i = 0; i < 12; i++) {
            a.node.putCamera(CameraSpec.of("cam" + i));
        }
        assertThat(within(15_000, () -> recorded() == 12)).as("every camera recorded: " + a.told + b.told + c.told).isTrue();
        assertThat(settled(20_000)).as("the controller stops moving cameras").isTrue();
    }

    /** Waits until no recorder was told anything for two seconds (rebalancing done). */
    private boolean settled(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        int told = -1;
        long quietSince = System.currentTimeMillis();
        while (System.currentTimeMillis() < deadline) {
            int now = a.told.size() + b.told.size() + c.told.size();
            if (now != told) {
                told = now;
                quietSince = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - quietSince >= 2_000) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    @AfterEach
    void close() throws Exception {
        site.close();
    }

    private int told() {
        return a.told.size() + b.told.size() + c.told.size();
    }

    private int recorded() {
        return a.recording.size() + b.recording.size() + c.recording.size();
    }

    /** Which node each camera is recorded by, from the recorders' side. */
    private Map<String, String> recorders() {
        Map<String, String> out = new HashMap<>();
        for (TestSite.TestNode n : List.of(a, b, c)) {
            n.recording.keySet().forEach(cam -> out.merge(cam, n.node.node(), (x, y) -> x + "+" + y));
        }
        return out;
    }

    @Test
    void camerasAreSpreadByCapacityEachRecordedByExactlyOneNode() {
        assertThat(recorders()).hasSize(12).allSatisfy((cam, node) -> assertThat(node).doesNotContain("+"));
        // fair shares by capacity (6, 6, 12 of 24 for 12 cameras): 3, 3, 6; the controller settles within one camera of them
        assertThat(c.recording.size()).as("twice the capacity, about twice the cameras").isBetween(5, 7);
        assertThat(a.recording.size()).isBetween(2, 4);
        assertThat(b.recording.size()).isBetween(2, 4);
        assertThat(c.recording.size()).isGreaterThan(Math.max(a.recording.size(), b.recording.size()));
        long controllers = List.of(a, b, c).stream().filter(n -> n.node.controller()).count();
        assertThat(controllers).as("one elected controller").isEqualTo(1);
    }

    @Test
    void aNodeCutFromZooKeeperHasItsCamerasRecordedByTheOthersWithinItsSessionTimeout() throws Exception {
        TestSite.TestNode victim = c.node.controller() ? b : c; // also covered: the controller's own death, below
        Set<String> orphans = new HashSet<>(victim.recording.keySet());
        long t0 = System.nanoTime();
        victim.partition();
        List<TestSite.TestNode> others = List.of(a, b, c).stream().filter(n -> n != victim).toList();
        assertThat(within(SESSION_TIMEOUT_MS * 5L, () -> orphans.stream().allMatch(cam ->
                others.stream().anyMatch(n -> n.recording.containsKey(cam))))).as("orphans " + orphans + " taken over").isTrue();
        long tookMillis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(tookMillis).as("reassigned after the session timed out, not before").isGreaterThanOrEqualTo(SESSION_TIMEOUT_MS / 2);
        assertThat(victim.recording.keySet()).as("the cut-off node keeps recording: a gap is worse than an overlap")
                .containsExactlyInAnyOrderElementsOf(orphans);
        Map<String, Long> takenAt = new HashMap<>();
        for (String cam : orphans) {
            long epoch = others.stream().filter(n -> n.recording.containsKey(cam)).findFirst().orElseThrow().recording.get(cam);
            assertThat(epoch).as("the new owner's epoch is newer").isGreaterThan(victim.recording.get(cam));
            takenAt.put(cam, epoch);
        }

        victim.heal();
        assertThat(within(SESSION_TIMEOUT_MS * 5L, () -> recorders().size() == 12 && recorders().values().stream().noneMatch(n -> n.contains("+"))))
                .as("back in touch, it lets go of what the others took: no camera recorded twice: " + recorders() + " " + victim.told).isTrue();
        for (String cam : orphans) {
            Long now = victim.recording.get(cam);
            assertThat(now == null || now > takenAt.get(cam)).as(cam + " either let go or given back under a newer epoch (" + now + ")").isTrue();
        }
        assertThat(victim.told).as("it was told to stop what it lost").anyMatch(t -> t.startsWith("stop "));
    }

    @Test
    void theControllersOwnNodeDyingElectsAnotherThatMovesItsCameras() throws Exception {
        TestSite.TestNode leader = List.of(a, b, c).stream().filter(n -> n.node.controller()).findFirst().orElseThrow();
        Set<String> orphans = new HashSet<>(leader.recording.keySet());
        leader.partition();
        List<TestSite.TestNode> others = List.of(a, b, c).stream().filter(n -> n != leader).toList();
        assertThat(within(SESSION_TIMEOUT_MS * 5L, () -> others.stream().anyMatch(n -> n.node.controller()))).isTrue();
        assertThat(within(SESSION_TIMEOUT_MS * 5L, () -> orphans.stream().allMatch(cam ->
                others.stream().anyMatch(n -> n.recording.containsKey(cam))))).isTrue();
    }

    @Test
    void oneZooKeeperMemberDyingChangesNothing() throws Exception {
        Map<String, String> before = recorders();
        int toldBefore = told();
        InstanceSpec one = site.members().iterator().next();
        site.ensemble.killServer(one);
        Thread.sleep(SESSION_TIMEOUT_MS * 3L);
        assertThat(recorders()).isEqualTo(before);
        assertThat(told()).as("no start or stop at all").isEqualTo(toldBefore);
    }

    @Test
    void withTheQuorumLostNodesKeepRecordingAndConvergeWhenItReturns() throws Exception {
        Map<String, String> before = recorders();
        List<InstanceSpec> members = List.copyOf(site.members());
        site.ensemble.killServer(members.get(0));
        site.ensemble.killServer(members.get(1));
        Thread.sleep(SESSION_TIMEOUT_MS * 3L); // sessions time out on the client side meanwhile
        assertThat(recorders()).as("recording goes on without a quorum").isEqualTo(before);

        site.ensemble.restartServer(members.get(0));
        site.ensemble.restartServer(members.get(1));
        assertThat(within(30_000, () -> a.node.members().size() == 3 && b.node.members().size() == 3)).isTrue();
        Thread.sleep(SESSION_TIMEOUT_MS * 2L);
        assertThat(recorders()).as("every camera recorded once, as before").hasSize(12)
                .allSatisfy((cam, node) -> assertThat(node).doesNotContain("+"));
    }

    @Test
    void aCameraRemovedFromTheSiteIsStoppedAndOneAddedIsStarted() throws Exception {
        String gone = a.recording.keySet().iterator().next();
        b.node.removeCamera(gone);
        assertThat(within(10_000, () -> !recorders().containsKey(gone))).isTrue();
        c.node.putCamera(CameraSpec.of("cam-new"));
        assertThat(within(10_000, () -> recorders().containsKey("cam-new"))).isTrue();
        assertThat(recorded()).isEqualTo(12);
    }
}
