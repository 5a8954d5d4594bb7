package io.nightjar.cluster;

import java.io.Closeable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
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

    private final CuratorFramework client;
    private final SiteCache site;
    private final int maxMoves;
    private final LeaderSelector selector;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean leading;
    final AtomicLong writes = new AtomicLong();
    final AtomicLong conflicts = new AtomicLong();
    final AtomicLong rounds = new AtomicLong();

    Controller(CuratorFramework client, SiteCache site, String node, int maxMoves) {
        this.client = client;
        this.site = site;
        this.maxMoves = maxMoves;
        this.selector = new LeaderSelector(client, ClusterPaths.CONTROLLER, new LeaderSelectorListenerAdapter() {
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
                wake.tryAcquire(ROUND_MILLIS, TimeUnit.MILLISECONDS);
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
        Map<String, Assignment> plan = Planner.plan(live, site.cameras(), now, maxMoves);
        for (Assignment a : plan.values()) {
            SiteCache.Versioned was = current.get(a.camera());
            if (was != null && was.assignment().equals(a)) {
                continue;
            }
            write(a, was);
        }
        for (Map.Entry<String, SiteCache.Versioned> e : current.entrySet()) {
            if (!plan.containsKey(e.getKey())) { // the camera left the site
                delete(e.getKey(), e.getValue().version());
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
            if (was == null || !java.util.Objects.equals(was.assignment().node(), a.node())) {
                LOG.info("camera {} → {} (epoch {})", a.camera(), a.node() == null ? "nobody (no capacity)" : a.node(), a.epoch());
            }
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

    @Override
    public void close() {
        selector.close();
    }
}
