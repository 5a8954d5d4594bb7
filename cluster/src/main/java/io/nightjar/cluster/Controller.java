package io.nightjar.cluster;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.recipes.leader.LeaderSelector;
import org.apache.curator.framework.recipes.leader.LeaderSelectorListenerAdapter;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The site's controller: every node runs one, and the one elected by Curator's
 * {@code LeaderSelector} plans. While it leads it re-plans whenever members, cameras or
 * assignments change (and once a second), and writes each changed assignment with a versioned
 * compare-and-set against the version it planned from: a write that lost a race, or a controller
 * that lost its leadership without knowing it yet, changes nothing and the next round plans again
 * from fresh data. Leadership ends when the node's ZooKeeper connection is suspended (Curator's
 * adapter cancels it), so two controllers never plan on the same view.
 */
final class Controller implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);
    private static final long ROUND_MILLIS = 1000;
    private static final long DEBOUNCE_MILLIS = 50;
    /** Assignments written per ZooKeeper transaction (well under its 1 MB request limit). */
    private static final int BATCH = 200;

    private final CuratorFramework client;
    private final SiteCache site;
    private final int maxMoves;
    private final LeaderSelector selector;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean leading;
    /** Where the selector leads: closing waits for it, so the lock is released before the client closes. */
    private final java.util.concurrent.ExecutorService leaderThread = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cluster-controller");
        t.setDaemon(true);
        return t;
    });
    private long lastBalanceNanos = System.nanoTime() - 1_000_000_000L; // the leader's thread only
    final AtomicLong writes = new AtomicLong();
    final AtomicLong conflicts = new AtomicLong();
    final AtomicLong rounds = new AtomicLong();

    Controller(CuratorFramework client, SiteCache site, String node, int maxMoves) {
        this.client = client;
        this.site = site;
        this.maxMoves = maxMoves;
        this.selector = new LeaderSelector(client, ClusterPaths.CONTROLLER, leaderThread, new LeaderSelectorListenerAdapter() {
            @Override
            public void takeLeadership(CuratorFramework c) throws Exception {
                lead();
            }
        });
        selector.setId(node);
        selector.autoRequeue();
    }

    void start() {
        selector.start();
    }

    /** Something changed: plan again soon. */
    void changed() {
        if (leading) {
            wake.release();
        }
    }

    boolean leading() {
        return leading;
    }

    private void lead() throws InterruptedException {
        leading = true;
        LOG.info("this node is now the site's controller");
        try {
            while (!Thread.currentThread().isInterrupted()) {
                if (site.initialized()) {
                    round();
                }
                if (wake.tryAcquire(ROUND_MILLIS, TimeUnit.MILLISECONDS)) {
                    Thread.sleep(DEBOUNCE_MILLIS); // a burst of changes (a dead node's, or our own writes) is one round
                }
                wake.drainPermits();
            }
        } finally {
            leading = false;
            LOG.info("this node is no longer the site's controller");
        }
    }

    /** One planning round: plan from the cached view, write what changed. */
    void round() {
        rounds.incrementAndGet();
        List<Member> live = site.members();
        Map<String, SiteCache.Versioned> current = site.assignments();
        Map<String, Assignment> now = new HashMap<>();
        current.forEach((camera, v) -> now.put(camera, v.assignment()));
        // Rounds also follow every change (its own writes among them): balance moves are allowed once a
        // second, so that maxMoves bounds moves per second rather than per round.
        long nowNanos = System.nanoTime();
        int moves = 0;
        if (nowNanos - lastBalanceNanos >= 1_000_000_000L) {
            moves = maxMoves;
            lastBalanceNanos = nowNanos;
        }
        Map<String, Assignment> plan = Planner.plan(live, site.cameras(), now, moves);
        List<Change> changes = new ArrayList<>();
        for (Assignment a : plan.values()) {
            SiteCache.Versioned was = current.get(a.camera());
            if (was == null || !was.assignment().equals(a)) {
                changes.add(new Change(a.camera(), a, was));
            }
        }
        for (Map.Entry<String, SiteCache.Versioned> e : current.entrySet()) {
            if (!plan.containsKey(e.getKey())) { // the camera left the site
                changes.add(new Change(e.getKey(), null, e.getValue()));
            }
        }
        for (int from = 0; from < changes.size(); from += BATCH) {
            commit(changes.subList(from, Math.min(changes.size(), from + BATCH)));
        }
        report(changes);
    }

    /** One assignment to create, overwrite ({@code was} gives the version) or, with a null {@code now}, delete. */
    private record Change(String camera, Assignment now, SiteCache.Versioned was) {
        boolean moves() {
            return now != null && (was == null || !java.util.Objects.equals(was.assignment().node(), now.node()));
        }
    }

    /**
     * Writes a batch in one ZooKeeper transaction, every operation compare-and-set; when the
     * transaction fails (one camera's view was stale), each is written alone so that the others
     * still land and only the stale one waits for the next round.
     */
    private void commit(List<Change> batch) {
        try {
            List<CuratorOp> ops = new ArrayList<>(batch.size());
            for (Change c : batch) {
                String path = ClusterPaths.assignment(c.camera());
                if (c.now() == null) {
                    ops.add(client.transactionOp().delete().withVersion(c.was().version()).forPath(path));
                } else if (c.was() == null) {
                    ops.add(client.transactionOp().create().forPath(path, ClusterJson.write(c.now())));
                } else {
                    ops.add(client.transactionOp().setData().withVersion(c.was().version()).forPath(path, ClusterJson.write(c.now())));
                }
            }
            client.transaction().forOperations(ops);
            writes.addAndGet(batch.size());
            return;
        } catch (KeeperException e) {
            LOG.debug("assignment batch of {} refused ({}); writing them one by one", batch.size(), e.code());
        } catch (Exception e) {
            LOG.warn("could not write {} assignments: {}", batch.size(), e.toString());
            return;
        }
        for (Change c : batch) {
            if (c.now() == null) {
                delete(c.camera(), c.was().version());
            } else {
                write(c.now(), c.was());
            }
        }
    }

    private static void report(List<Change> changes) {
        List<Change> moves = changes.stream().filter(Change::moves).toList();
        boolean each = moves.size() <= 20;
        if (!each) {
            LOG.info("{} cameras assigned or moved", moves.size());
        }
        for (Change c : moves) {
            Assignment a = c.now();
            String to = a.node() == null ? "nobody (no capacity)" : a.node();
            if (each) {
                LOG.info("camera {} → {} (epoch {})", a.camera(), to, a.epoch());
            } else {
                LOG.debug("camera {} → {} (epoch {})", a.camera(), to, a.epoch());
            }
        }
    }

    private void write(Assignment a, SiteCache.Versioned was) {
        String path = ClusterPaths.assignment(a.camera());
        try {
            if (was == null) {
                client.create().creatingParentsIfNeeded().forPath(path, ClusterJson.write(a));
            } else {
                client.setData().withVersion(was.version()).forPath(path, ClusterJson.write(a));
            }
            writes.incrementAndGet();
        } catch (KeeperException.BadVersionException | KeeperException.NodeExistsException e) {
            conflicts.incrementAndGet(); // planned from a stale view: the next round sees the new one
        } catch (Exception e) {
            LOG.warn("could not write the assignment of camera {}: {}", a.camera(), e.toString());
        }
    }

    private void delete(String camera, int version) {
        try {
            client.delete().withVersion(version).forPath(ClusterPaths.assignment(camera));
            writes.incrementAndGet();
        } catch (KeeperException.BadVersionException | KeeperException.NoNodeException e) {
            conflicts.incrementAndGet();
        } catch (Exception e) {
            LOG.warn("could not remove the assignment of camera {}: {}", camera, e.toString());
        }
    }

    /** Stops leading and competing; waits (at most 5 s) for the leadership to be given up in ZooKeeper. */
    @Override
    public void close() {
        selector.close();
        leaderThread.shutdown();
        try {
            leaderThread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
