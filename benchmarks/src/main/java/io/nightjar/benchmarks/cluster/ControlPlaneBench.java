package io.nightjar.benchmarks.cluster;

import io.nightjar.cluster.Assignment;
import io.nightjar.cluster.CameraSpec;
import io.nightjar.cluster.ClusterNode;
import io.nightjar.cluster.ClusterSettings;
import io.nightjar.cluster.Member;
import io.nightjar.cluster.Ownership;
import io.nightjar.cluster.TcpCut;
import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;

/**
 * A site of {@code --nodes} simulated nodes (each a real {@link ClusterNode}: its own ZooKeeper
 * session, member record, controller candidate and caches; no media) and {@code --cameras} cameras
 * on a real three-member ZooKeeper ensemble in this JVM. Each node reaches the ensemble through
 * TCP relays of its own, so that a node can die the way a crashed or partitioned machine does: its
 * relays are cut and its session expires on the ensemble after the session timeout.
 *
 * <p>Measures: the time from a node's death to each of its cameras being owned by another node
 * (p50/p99/max over every camera of every death; ZooKeeper's session timeout included), the
 * controller's ZooKeeper writes per second in steady state and during a failover, how many cameras
 * move in the 30 s after a node joins, and heap per node.
 *
 * <pre>
 * java -cp "benchmarks/target/classes:benchmarks/target/lib/*" io.nightjar.benchmarks.cluster.ControlPlaneBench \
 *     --nodes 20 --cameras 2000 --deaths 3 --session-timeout 10000
 * </pre>
 */
public final class ControlPlaneBench {
    private ControlPlaneBench() {
    }

    /** A simulated node: the cluster client and its relays (the recorder is a no-op). */
    private record SimNode(ClusterNode node, List<TcpCut> relays) {
        void die() {
            relays.forEach(TcpCut::cut);
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = parse(args);
        int nodes = Integer.parseInt(a.getOrDefault("nodes", "20"));
        int cameras = Integer.parseInt(a.getOrDefault("cameras", "2000"));
        int deaths = Integer.parseInt(a.getOrDefault("deaths", "3"));
        int sessionTimeout = Integer.parseInt(a.getOrDefault("session-timeout", String.valueOf(ClusterSettings.DEFAULT_SESSION_TIMEOUT_MS)));
        int capacity = (int) Math.ceil(cameras * 1.5 / nodes);
        org.apache.zookeeper.util.ServiceUtils.setSystemExitProcedure(org.apache.zookeeper.util.ServiceUtils.LOG_ONLY);

        List<InstanceSpec> specs = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            File dir = Files.createTempDirectory("zk-bench" + id).toFile();
            // tick 1 s: sessions may be 2 s to 20 s long (ZooKeeper's 2 and 20 ticks)
            specs.add(new InstanceSpec(dir, InstanceSpec.getRandomPort(), InstanceSpec.getRandomPort(), InstanceSpec.getRandomPort(),
                    true, id, 1000, 1000));
        }
        try (TestingCluster ensemble = new TestingCluster(specs)) {
            ensemble.start();
            System.gc();
            long heapBefore = usedHeap();
            List<SimNode> site = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                site.add(join(ensemble, "node" + i, capacity, sessionTimeout));
            }
            for (SimNode n : site) {
                if (!n.node().awaitReady(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(n.node().node() + " did not join within 60 s");
                }
            }
            long t0 = System.nanoTime();
            java.util.concurrent.ExecutorService registrars = java.util.concurrent.Executors.newFixedThreadPool(16);
            List<java.util.concurrent.Future<?>> added = new ArrayList<>();
            for (int c = 0; c < cameras; c++) { // as an import of a site's configuration would: many at once, from every node
                int cam = c;
                added.add(registrars.submit(() -> {
                    site.get(cam % nodes).node().putCamera(CameraSpec.of("cam" + cam));
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : added) {
                f.get();
            }
            registrars.shutdown();
            long registerMillis = (System.nanoTime() - t0) / 1_000_000;
            waitFor(300_000, () -> ownedCount(site) >= cameras, "every camera owned");
            long assignMillis = (System.nanoTime() - t0) / 1_000_000;
            settle(site, 60_000);
            System.gc();
            long heapPerNode = (usedHeap() - heapBefore) / nodes;

            long w0 = writes(site);
            Thread.sleep(20_000);
            double steadyWrites = (writes(site) - w0) / 20.0;

            List<Long> latencies = new ArrayList<>();
            double failoverWrites = 0;
            Random random = new Random(7);
            for (int d = 0; d < deaths; d++) {
                List<SimNode> alive = site.stream().filter(n -> !n.relays().isEmpty() && !dead.contains(n)).toList();
                SimNode victim = d == deaths - 1 && deaths > 1
                        ? alive.stream().filter(n -> n.node().controller()).findFirst().orElse(alive.get(0)) // the last death is the controller's
                        : alive.stream().filter(n -> !n.node().controller()).toList().get(random.nextInt(alive.size() - 1));
                List<String> orphans = new ArrayList<>(victim.node().owned().keySet());
                boolean wasController = victim.node().controller();
                long wBefore = writes(site);
                long died = System.nanoTime();
                victim.die();
                dead.add(victim);
                Map<String, Long> takenAt = new HashMap<>();
                long deadline = died + TimeUnit.SECONDS.toNanos(120);
                while (takenAt.size() < orphans.size() && System.nanoTime() < deadline) {
                    for (SimNode n : site) {
                        if (dead.contains(n)) {
                            continue;
                        }
                        Map<String, Long> owned = n.node().owned();
                        long now = System.nanoTime();
                        for (String cam : orphans) {
                            if (!takenAt.containsKey(cam) && owned.containsKey(cam)) {
                                takenAt.put(cam, (now - died) / 1_000_000);
                            }
                        }
                    }
                    Thread.sleep(20);
                }
                if (takenAt.size() < orphans.size()) {
                    throw new IllegalStateException((orphans.size() - takenAt.size()) + " cameras of " + victim.node().node()
                            + " not taken over within 120 s");
                }
                double seconds = (System.nanoTime() - died) / 1e9;
                failoverWrites = Math.max(failoverWrites, (writes(site) - wBefore) / seconds);
                latencies.addAll(takenAt.values());
                System.out.printf("death %d: %s (%s) with %d cameras, all taken over after %.1f s%n", d + 1, victim.node().node(),
                        wasController ? "the controller" : "not the controller", orphans.size(),
                        takenAt.values().stream().mapToLong(Long::longValue).max().orElse(0) / 1000.0);
                settle(site, 60_000);
            }

            Map<String, String> before = nodesOf(site);
            SimNode joined = join(ensemble, "joined", capacity, sessionTimeout);
            site.add(joined);
            joined.node().awaitReady(60, TimeUnit.SECONDS);
            Thread.sleep(30_000);
            Map<String, String> after = nodesOf(site);
            long moved = before.entrySet().stream().filter(e -> e.getValue() != null && !e.getValue().equals(after.get(e.getKey()))).count();

            long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf("control-plane: nodes=%d cameras=%d capacity=%d/node session=%d ms: cameras registered in %d ms, all recorded after %d ms;"
                            + " reassigned after a node's death p50=%d p99=%d max=%d ms (%d cameras, %d deaths);"
                            + " zk writes steady=%.1f/s failover=%.1f/s; a node joining moved %d cameras in 30 s (it records %d);"
                            + " heap per node %.1f MiB%n",
                    nodes, cameras, capacity, sessionTimeout, registerMillis, assignMillis, pct(l, 50), pct(l, 99), l.length == 0 ? 0 : l[l.length - 1],
                    l.length, deaths, steadyWrites, failoverWrites, moved, joined.node().owned().size(), heapPerNode / 1048576.0);
            for (SimNode n : site) {
                n.node().close();
                for (TcpCut r : n.relays()) {
                    r.close();
                }
            }
        }
        System.exit(0);
    }

    private static final java.util.Set<SimNode> dead = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static SimNode join(TestingCluster ensemble, String id, int capacity, int sessionTimeout) throws Exception {
        List<TcpCut> relays = new ArrayList<>();
        for (InstanceSpec s : ensemble.getInstances()) {
            relays.add(new TcpCut(s.getPort()));
        }
        String connect = relays.stream().map(r -> "127.0.0.1:" + r.port()).collect(Collectors.joining(","));
        ClusterSettings settings = new ClusterSettings(connect, "bench", new Member(id, "127.0.0.1:1", null, capacity), sessionTimeout, 2);
        ClusterNode n = ClusterNode.start(settings, new Ownership.Listener() {
            @Override
            public void start(String camera, long epoch) {
            }

            @Override
            public void stop(String camera, long epoch, String owner) {
            }
        });
        return new SimNode(n, relays);
    }

    private static long ownedCount(List<SimNode> site) {
        return site.stream().filter(n -> !dead.contains(n)).mapToLong(n -> n.node().owned().size()).sum();
    }

    private static long writes(List<SimNode> site) {
        return site.stream().mapToLong(n -> n.node().controllerCounters().get("writes")).sum();
    }

    private static Map<String, String> nodesOf(List<SimNode> site) {
        SimNode any = site.stream().filter(n -> !dead.contains(n)).findFirst().orElseThrow();
        Map<String, String> out = new HashMap<>();
        for (Assignment x : any.node().assignments().values()) {
            out.put(x.camera(), x.node());
        }
        return out;
    }

    /** Waits until the controller wrote nothing for 3 s (rebalancing done). */
    private static void settle(List<SimNode> site, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        long last = -1;
        long quietSince = System.currentTimeMillis();
        while (System.currentTimeMillis() < deadline) {
            long w = writes(site);
            if (w != last) {
                last = w;
                quietSince = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - quietSince > 3000) {
                return;
            }
            Thread.sleep(100);
        }
    }

    private static void waitFor(long millis, java.util.function.BooleanSupplier c, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!c.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("not reached within " + millis + " ms: " + what);
            }
            Thread.sleep(50);
        }
    }

    private static long pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected " + args[i] + " in " + Arrays.toString(args));
            }
            m.put(args[i].substring(2), args[i + 1]);
        }
        return m;
    }
}
