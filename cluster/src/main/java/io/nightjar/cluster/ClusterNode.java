package io.nightjar.cluster;

import java.io.Closeable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.BoundedExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of a site: its ZooKeeper client, its ephemeral member record, its controller (which
 * plans only while elected) and its {@link Ownership}. Starting never waits for ZooKeeper: while
 * the ensemble cannot be reached the node records nothing new and keeps what it has, and joins
 * when it can.
 */
public final class ClusterNode implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);

    private final ClusterSettings settings;
    private final CuratorFramework client;
    private final PersistentNode member;
    private final SiteCache site;
    private final Controller controller;
    private final Ownership ownership;
    private final Catalog catalog;
    private final ExecutorService events = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cluster-events");
        t.setDaemon(true);
        return t;
    });
    private final java.util.concurrent.atomic.AtomicBoolean ownershipPending = new java.util.concurrent.atomic.AtomicBoolean();
    private final List<SharedDocument> documents = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private ClusterNode(ClusterSettings settings, Ownership.Listener listener) {
        this.settings = settings;
        this.client = CuratorFrameworkFactory.builder()
                .connectString(settings.connectString())
                .namespace(settings.namespace())
                .sessionTimeoutMs(settings.sessionTimeoutMs())
                .connectionTimeoutMs(Math.min(settings.sessionTimeoutMs(), 5_000))
                // an operation gives up after about 10 s of retries: an API call while ZooKeeper is away fails, it does not hang
                .retryPolicy(new BoundedExponentialBackoffRetry(200, 2_000, 8))
                // the configured connect string is the truth: Curator's ensemble tracker would replace it with the
                // servers' own addresses from /zookeeper/config, wrong behind NAT or a proxy (and it silently was in tests)
                .ensembleTracker(false)
                .build();
        this.ownership = new Ownership(settings.self().node(), listener, () -> client.getZookeeperClient().isConnected());
        this.site = new SiteCache(client, this::siteChanged);
        this.catalog = new Catalog(client);
        this.controller = new Controller(client, site, settings.self().node(), settings.maxMovesPerSecond());
        this.member = new PersistentNode(client, CreateMode.EPHEMERAL, false, ClusterPaths.member(settings.self().node()),
                ClusterJson.write(settings.self()));
    }

    /** Joins the site (at once; ZooKeeper is reached in the background). */
    public static ClusterNode start(ClusterSettings settings, Ownership.Listener listener) {
        ClusterNode n = new ClusterNode(settings, listener);
        n.client.getConnectionStateListenable().addListener((c, state) -> {
            if (state == ConnectionState.CONNECTED || state == ConnectionState.RECONNECTED) {
                n.later(n::ensureParents);
            }
            if (state == ConnectionState.LOST) {
                LOG.warn("ZooKeeper session lost: keeping the cameras this node records until it learns otherwise");
            }
        });
        n.client.start();
        n.site.start();
        n.member.start();
        n.controller.start();
        return n;
    }

    private void ensureParents() {
        for (String p : List.of(ClusterPaths.MEMBERS, ClusterPaths.CAMERAS, ClusterPaths.ASSIGNMENTS)) {
            try {
                client.create().creatingParentsIfNeeded().forPath(p);
            } catch (KeeperException.NodeExistsException ignored) {
                // made by another node, or before
            } catch (Exception e) {
                LOG.warn("could not create {} in ZooKeeper: {}", p, e.toString());
            }
        }
    }

    /**
     * On the cache's thread, once per changed record: wakes the controller and has the ownership
     * brought up to date on {@code cluster-events}, coalesced (two thousand assignments arriving
     * at once are one pass over them, not two thousand).
     */
    private void siteChanged() {
        if (closed) {
            return;
        }
        controller.changed();
        if (ownershipPending.compareAndSet(false, true)) {
            later(() -> {
                ownershipPending.set(false);
                Map<String, Assignment> now = new HashMap<>();
                site.assignments().forEach((camera, v) -> now.put(camera, v.assignment()));
                ownership.update(now);
            });
        }
    }

    /** Runs {@code task} on {@code cluster-events}; nothing once the node is closed. */
    private void later(Runnable task) {
        try {
            events.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // the node is being closed
        }
    }

    public String node() {
        return settings.self().node();
    }

    /** True while this node reaches the ZooKeeper ensemble. */
    public boolean connected() {
        return client.getZookeeperClient().isConnected();
    }

    /** Waits until this node reaches the ZooKeeper ensemble; false after {@code timeout}. */
    public boolean awaitConnected(long timeout, TimeUnit unit) throws InterruptedException {
        return client.blockUntilConnected((int) unit.toMillis(timeout), TimeUnit.MILLISECONDS);
    }

    /** True while this node is the site's controller. */
    public boolean controller() {
        return controller.leading();
    }

    /** The cameras this node records, with their epochs. */
    public Map<String, Long> owned() {
        return ownership.owned();
    }

    /** The assignments as this node sees them. */
    public Map<String, Assignment> assignments() {
        Map<String, Assignment> out = new java.util.TreeMap<>();
        site.assignments().forEach((camera, v) -> out.put(camera, v.assignment()));
        return out;
    }

    /** One camera's assignment as this node sees it, or null (a lookup, no copy of the others). */
    public Assignment assignment(String camera) {
        return site.assignment(camera);
    }

    /** The live members as this node sees them. */
    public List<Member> members() {
        return site.members();
    }

    /** Waits until this node's view of the site is loaded. */
    public boolean awaitReady(long timeout, TimeUnit unit) throws InterruptedException {
        return member.waitForInitialCreate(timeout, unit) && site.awaitInitialized(timeout, unit);
    }

    /** Adds a camera to the site, or changes its priority or failover (any node may). */
    public void putCamera(CameraSpec camera) throws Exception {
        if (site.cameras().contains(camera)) {
            return; // as it is already (every node publishes the site's cameras)
        }
        String path = ClusterPaths.camera(camera.camera());
        byte[] data = ClusterJson.write(camera);
        try {
            client.create().creatingParentsIfNeeded().forPath(path, data);
        } catch (KeeperException.NodeExistsException e) {
            client.setData().forPath(path, data);
        }
    }

    /**
     * Notes in the site's catalog that this node records {@code camera} under {@code epoch} since
     * {@code sinceMicros} (once per epoch; a repeat is kept as it was). Fails while ZooKeeper cannot be reached.
     */
    public void noteRecording(String camera, long epoch, long sinceMicros) throws Exception {
        catalog.note(camera, epoch, node(), sinceMicros);
    }

    /** Which nodes recorded {@code camera} when, in epoch order (read from ZooKeeper, not cached). */
    public List<CatalogSpan> catalog(String camera) throws Exception {
        return catalog.of(camera);
    }

    /**
     * The site's shared record {@code name}, sealed with {@code seal}; {@code listener} hears each of
     * its versions (the current one first, once ZooKeeper is reached). Closed with the node.
     */
    public SharedDocument document(String name, SiteSeal seal, SharedDocument.Listener listener) {
        SharedDocument d = new SharedDocument(client, name, seal, listener);
        documents.add(d);
        d.start();
        return d;
    }

    /** Removes a camera from the site; its node stops recording it. */
    public void removeCamera(String camera) throws Exception {
        try {
            client.delete().forPath(ClusterPaths.camera(camera));
        } catch (KeeperException.NoNodeException ignored) {
            // already gone
        }
    }

    /** The controller's figures: planning rounds, writes, lost compare-and-sets (this node's, while it led). */
    public Map<String, Long> controllerCounters() {
        return Map.of("rounds", controller.rounds.get(), "writes", controller.writes.get(), "conflicts", controller.conflicts.get());
    }

    /**
     * Leaves the site but stays connected: the member record is deleted, so the controller moves this
     * node's cameras to the others at once, and this node goes on seeing the assignments (and
     * following them: its cameras stop as their new nodes take them) until {@link #close}. The first
     * step of a clean stop; nothing when cut off from ZooKeeper.
     */
    public void leave() {
        if (client.getZookeeperClient().isConnected()) {
            try {
                member.close();
            } catch (Exception e) {
                LOG.debug("leaving: the member record", e);
            }
        }
    }

    /** For tests and tools: the ZooKeeper client (do not close). */
    CuratorFramework client() {
        return client;
    }

    /**
     * Leaves the site: connected, the member record is deleted at once (a clean stop, unlike a
     * crash, is not a timeout); cut off from ZooKeeper, it is left to expire with the session
     * rather than retried (closing must not wait on an ensemble it cannot reach).
     */
    @Override
    public void close() {
        closed = true;
        documents.forEach(SharedDocument::close);
        controller.close();
        site.close();
        leave();
        client.close();
        events.shutdownNow();
    }
}
