package io.nightjar.api.cluster;

import io.nightjar.api.auth.UserStore;
import io.nightjar.api.config.CameraConfig;
import io.nightjar.api.config.NightjarConfig;
import io.nightjar.api.server.CameraManager;
import io.nightjar.api.service.ClusterView;
import io.nightjar.cluster.Assignment;
import io.nightjar.cluster.CameraSpec;
import io.nightjar.cluster.ClusterNode;
import io.nightjar.cluster.ClusterSettings;
import io.nightjar.cluster.Member;
import io.nightjar.cluster.Ownership;
import io.nightjar.recorder.memory.Priority;
import io.nightjar.storage.writer.CameraEpochs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server as a node of a cluster: it joins the site, publishes the cameras of its configuration
 * (their priority and failover), and records what the cluster assigns it. A camera assigned here
 * has its epoch set for the writer (stamped into its files) and its streams started; a camera moved
 * to another live node keeps recording here for the handoff time, so the new node has started
 * before this one stops (an overlap the epochs reconcile, never a gap); a camera left to nobody
 * stops at once. Starts and stops run in order on one thread of their own, never on ZooKeeper's.
 *
 * <p>Users, tokens, the cameras added through the API and evidence holds are the site's: sealed
 * records in ZooKeeper ({@code /shared/users}, {@code /shared/cameras}, {@code /shared/evidence}) that
 * the {@link UserStore}, the {@link CameraManager} and {@link SiteEvidence} change and follow. The first time a node joins a site (no
 * {@value #MARKER} naming it in the state directory), its own users and API cameras are merged
 * into the site's, a name the site already has staying the site's; later joins take the site's as they are.
 */
public final class ClusterMembership implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterMembership.class);
    private static final long PUBLISH_RETRY_SECONDS = 5;
    /** In the state directory: the namespace of the site this node's users and cameras were merged into. */
    static final String MARKER = "cluster-site";

    private final CameraManager cameras;
    private final CameraEpochs epochs;
    private final long handoffMillis;
    private final ScheduledExecutorService recorder = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cluster-recorder");
        t.setDaemon(true);
        return t;
    });
    /** Writes to ZooKeeper (the configured cameras, the catalog: calls that may wait), apart from starts and stops. */
    private final ScheduledExecutorService catalog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cluster-catalog");
        t.setDaemon(true);
        return t;
    });
    /** Stops waiting out their handoff; touched on {@code cluster-recorder} only. */
    private final Map<String, ScheduledFuture<?>> pendingStops = new HashMap<>();
    private final ClusterNode node;
    private final UserStore users;
    private final SiteEvidence holds;
    /** The cameras of this node's configuration file (never removed from the site by this node). */
    private final java.util.Set<String> configured = new java.util.HashSet<>();
    /** The ids in the last version of the site's camera record seen here; on {@code cluster-recorder} only. */
    private java.util.Set<String> siteCameras = new java.util.HashSet<>();

    private ClusterMembership(NightjarConfig.Cluster c, Member self, List<CameraSpec> specs, CameraManager cameras, CameraEpochs epochs,
                              UserStore users, SiteEvidence holds, java.nio.file.Path stateDir) {
        this.cameras = cameras;
        this.users = users;
        this.holds = holds;
        specs.forEach(s -> configured.add(s.camera()));
        this.epochs = epochs;
        this.handoffMillis = c.handoffSeconds * 1000L;
        ClusterSettings settings = new ClusterSettings(c.zookeeper, c.namespace, self, c.sessionTimeoutSeconds * 1000, c.maxMovesPerSecond);
        this.node = ClusterNode.start(settings, new Ownership.Listener() {
            @Override
            public void start(String camera, long epoch) {
                recorder.execute(() -> startHere(camera, epoch));
            }

            @Override
            public void stop(String camera, long epoch, String owner) {
                recorder.execute(() -> stopHere(camera, owner));
            }
        });
        java.nio.file.Path marker = stateDir.resolve(MARKER);
        boolean firstJoin = !c.namespace.equals(readMarker(marker));
        byte[] localUsers = users.exportLocal();
        byte[] localCameras = cameras.exportManaged();
        io.nightjar.cluster.SiteSeal seal = new io.nightjar.cluster.SiteSeal(c.secret);
        users.useSite(node.document("users", seal, users::applySite));
        cameras.useSite(node.document("cameras", seal, v -> recorder.execute(() -> siteCamerasChanged(v))));
        holds.useSite(node.document("evidence", seal, holds::applySite));
        catalog.execute(() -> publish(specs));
        catalog.execute(() -> mergeLocal(localUsers, localCameras, firstJoin, marker, c.namespace));
    }

    private static String readMarker(java.nio.file.Path marker) {
        try {
            return java.nio.file.Files.exists(marker) ? java.nio.file.Files.readString(marker).trim() : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** Merges this node's users and API cameras into the site's (again every few seconds until ZooKeeper answers). */
    private void mergeLocal(byte[] userList, byte[] cameraList, boolean firstJoin, java.nio.file.Path marker, String namespace) {
        try {
            node.awaitConnected(PUBLISH_RETRY_SECONDS, TimeUnit.SECONDS);
            List<String> theSites = users.mergeIntoSite(userList, firstJoin);
            if (!theSites.isEmpty()) {
                LOG.warn("the site has users named as this node's {}: theirs stand (log in with the site's passwords)", theSites);
            }
            cameras.mergeIntoSite(cameraList, firstJoin);
            holds.mergeIntoSite(firstJoin);
            if (firstJoin) {
                io.nightjar.api.config.PrivateFiles.write(marker, (namespace + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                LOG.info("this node's users and API cameras are now the site's (merged into site '{}')", namespace);
            }
        } catch (Exception e) {
            LOG.warn("cannot bring this node's users and cameras into the site's records yet ({}); trying again in {} s", e.toString(),
                    PUBLISH_RETRY_SECONDS);
            try {
                catalog.schedule(() -> mergeLocal(userList, cameraList, firstJoin, marker, namespace), PUBLISH_RETRY_SECONDS,
                        TimeUnit.SECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                // leaving the site
            }
        }
    }

    /**
     * A version of the site's camera record, on {@code cluster-recorder} (applying it may stop
     * streams): the manager follows it, and the site's assignment records follow its cameras
     * (published for new ones, removed for removed ones; every node does this, idempotently).
     */
    private void siteCamerasChanged(io.nightjar.cluster.SharedDocument.Version v) {
        cameras.applySite(v);
        List<CameraSpec> specs = new ArrayList<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (CameraConfig camera : CameraManager.siteCameras(v.content())) {
            ids.add(camera.id);
            specs.add(spec(camera));
        }
        java.util.Set<String> removed = new java.util.HashSet<>(siteCameras);
        removed.removeAll(ids);
        removed.removeAll(configured);
        siteCameras = ids;
        try {
            catalog.execute(() -> {
                publish(specs);
                unpublish(removed);
            });
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // leaving the site
        }
    }

    private void unpublish(java.util.Set<String> removed) {
        for (String camera : removed) {
            try {
                node.removeCamera(camera);
            } catch (Exception e) {
                LOG.warn("camera {} was removed from the site, but its assignment record is not removed yet: {}", camera, e.toString());
            }
        }
    }

    /**
     * Joins the site described by {@code c} (at once: ZooKeeper is reached in the background, and
     * until it is, nothing is recorded here). {@code http} and {@code rtsp} are where this node is
     * reached when the configuration does not say.
     */
    public static ClusterMembership join(NightjarConfig.Cluster c, String http, String rtsp, List<CameraConfig> configured,
                                         CameraManager cameras, CameraEpochs epochs, UserStore users, SiteEvidence holds,
                                         java.nio.file.Path stateDir) {
        Member self = new Member(c.node, c.advertiseHttp != null ? c.advertiseHttp : http, c.advertiseRtsp != null ? c.advertiseRtsp : rtsp,
                c.capacityCameras);
        List<CameraSpec> specs = new ArrayList<>();
        for (CameraConfig camera : configured) {
            specs.add(spec(camera));
        }
        LOG.info("joining cluster '{}' at {} as node {} (capacity {} cameras; {} cameras configured here)", c.namespace, c.zookeeper,
                c.node, c.capacityCameras, specs.size());
        return new ClusterMembership(c, self, specs, cameras, epochs, users, holds, stateDir);
    }

    /** A camera as the site assigns it: high priority first when capacity is short. */
    static CameraSpec spec(CameraConfig camera) {
        int priority = switch (Priority.parse(camera.priority)) {
            case HIGH -> 1;
            case NORMAL -> 0;
            case LOW -> -1;
        };
        return new CameraSpec(camera.id, priority, camera.failover);
    }

    private void publish(List<CameraSpec> specs) {
        for (CameraSpec s : specs) {
            try {
                node.putCamera(s);
            } catch (Exception e) {
                LOG.warn("cannot publish the configured cameras to ZooKeeper yet ({}); trying again in {} s", e.toString(),
                        PUBLISH_RETRY_SECONDS);
                try {
                    catalog.schedule(() -> publish(specs), PUBLISH_RETRY_SECONDS, TimeUnit.SECONDS);
                } catch (java.util.concurrent.RejectedExecutionException closing) {
                    // leaving the site
                }
                return;
            }
        }
    }

    private void startHere(String camera, long epoch) {
        ScheduledFuture<?> pending = pendingStops.remove(camera);
        if (pending != null) {
            pending.cancel(false);
        }
        epochs.set(camera, epoch);
        if (!cameras.record(camera)) {
            LOG.warn("the cluster assigned camera {} to this node, whose configuration does not have it yet: it starts when its "
                    + "configuration arrives (cameras of nightjar.yml must be listed on every node)", camera);
        }
        long since = System.currentTimeMillis() * 1000;
        try {
            catalog.execute(() -> note(camera, epoch, since));
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // leaving the site
        }
    }

    /** Notes the start in the site's catalog, again every few seconds while ZooKeeper cannot be reached. */
    private void note(String camera, long epoch, long sinceMicros) {
        try {
            node.noteRecording(camera, epoch, sinceMicros);
        } catch (Exception e) {
            LOG.debug("catalog entry for {} (epoch {}) not written yet: {}", camera, epoch, e.toString());
            try {
                catalog.schedule(() -> note(camera, epoch, sinceMicros), PUBLISH_RETRY_SECONDS, TimeUnit.SECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                // leaving the site
            }
        }
    }

    /**
     * The other live nodes that may hold footage of {@code camera} in {@code [from, to)}: those the
     * catalog names for the range (all of them when it names none, or cannot be read), by id → HTTP address.
     */
    public Map<String, String> peersFor(String camera, long from, long to) {
        Map<String, String> live = new java.util.TreeMap<>();
        for (Member m : node.members()) {
            if (!m.node().equals(node.node())) {
                live.put(m.node(), m.httpAddress());
            }
        }
        java.util.Set<String> named = new java.util.HashSet<>();
        try {
            for (io.nightjar.cluster.CatalogSpan s : node.catalog(camera)) {
                if (s.overlaps(from, to)) {
                    named.add(s.node());
                }
            }
        } catch (Exception e) {
            LOG.debug("catalog of {} unreadable ({}): asking every node", camera, e.toString());
            return live;
        }
        if (named.isEmpty()) {
            return live;
        }
        live.keySet().retainAll(named);
        return live;
    }

    /** True once the catalog shows another node recording {@code camera} under an epoch after {@code epoch}. */
    private boolean takenOver(String camera, long epoch) {
        try {
            for (io.nightjar.cluster.CatalogSpan s : node.catalog(camera)) {
                if (s.epoch() > epoch && !s.node().equals(node.node())) {
                    return true;
                }
            }
        } catch (Exception e) {
            LOG.debug("catalog of {} unreadable while leaving: {}", camera, e.toString());
        }
        return false;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * How {@code camera} is recorded when this node does not run its streams: by another node
     * ({@code elsewhere}), or by none ({@code unassigned}); null when this node runs them, or is assigned
     * the camera and is starting it.
     */
    public io.nightjar.api.service.Recording recordingElsewhere(String camera) {
        if (cameras.recordsHere(camera)) {
            return null;
        }
        Assignment a = node.assignment(camera);
        if (a == null || a.node() == null) {
            return new io.nightjar.api.service.Recording(io.nightjar.api.service.RecordingState.unassigned,
                    "not recording: no node of the cluster records it (no capacity left, or its only node is down)");
        }
        if (a.node().equals(node.node())) {
            return null;
        }
        return new io.nightjar.api.service.Recording(io.nightjar.api.service.RecordingState.elsewhere, "recorded by node " + a.node());
    }

    /**
     * The live node other than this one that records {@code camera} now, or null: this node records
     * it (or is assigned it and starting it), nobody does, or its node is not a live member.
     */
    public Member recorderElsewhere(String camera) {
        if (cameras.recordsHere(camera)) {
            return null;
        }
        Assignment a = node.assignment(camera);
        if (a == null || a.node() == null || a.node().equals(node.node())) {
            return null;
        }
        for (Member m : node.members()) {
            if (m.node().equals(a.node())) {
                return m;
            }
        }
        return null;
    }

    /**
     * A stretch of a range recorded by one node, from the catalog.
     *
     * @param node    the node
     * @param here    whether it is this node
     * @param address its HTTP address while it is a live member, else null
     */
    public record Piece(String node, boolean here, String address, long from, long to) {
    }

    /**
     * Which node recorded which stretch of {@code [from, to)} of {@code camera}, in time order, from the
     * catalog (consecutive stretches of one node merged); what comes before the catalog's first entry
     * (recorded before the site knew the camera) is this node's. Fails while ZooKeeper cannot be read.
     */
    public List<Piece> pieces(String camera, long from, long to) throws Exception {
        Map<String, String> live = new HashMap<>();
        for (Member m : node.members()) {
            live.put(m.node(), m.httpAddress());
        }
        List<Piece> out = new ArrayList<>();
        List<io.nightjar.cluster.CatalogSpan> spans = node.catalog(camera);
        long firstSince = spans.isEmpty() ? Long.MAX_VALUE : spans.get(0).fromMicros();
        if (from < firstSince) {
            out.add(new Piece(node.node(), true, null, from, Math.min(to, firstSince)));
        }
        for (io.nightjar.cluster.CatalogSpan s : spans) {
            long a = Math.max(from, s.fromMicros());
            long b = Math.min(to, s.toMicros());
            if (a >= b) {
                continue;
            }
            boolean here = s.node().equals(node.node());
            Piece last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.node().equals(s.node()) && last.to() == a) {
                out.set(out.size() - 1, new Piece(last.node(), last.here(), last.address(), last.from(), b));
            } else {
                out.add(new Piece(s.node(), here, here ? null : live.get(s.node()), a, b));
            }
        }
        return out;
    }

    /** The live members as this node sees them (itself included). */
    public List<Member> members() {
        return node.members();
    }

    /** The HTTP address of a live member other than this node, or null. */
    public String liveAddress(String nodeId) {
        if (nodeId.equals(node.node())) {
            return null;
        }
        for (Member m : node.members()) {
            if (m.node().equals(nodeId)) {
                return m.httpAddress();
            }
        }
        return null;
    }

    /** This node's id. */
    public String nodeId() {
        return node.node();
    }

    private void stopHere(String camera, String owner) {
        ScheduledFuture<?> previous = pendingStops.remove(camera);
        if (previous != null) {
            previous.cancel(false);
        }
        Runnable stop = () -> {
            pendingStops.remove(camera);
            cameras.release(camera);
            epochs.release(camera);
        };
        if (owner == null || handoffMillis == 0) {
            stop.run();
        } else {
            pendingStops.put(camera, recorder.schedule(stop, handoffMillis, TimeUnit.MILLISECONDS));
        }
    }

    /** The cluster as this node sees it, with the cameras {@code visible} lets the caller see. */
    public ClusterView view(Predicate<String> visible) {
        Map<String, Assignment> assignments = node.assignments();
        Map<String, Integer> load = new HashMap<>();
        List<ClusterView.AssignmentView> shown = new ArrayList<>();
        for (Assignment a : assignments.values()) {
            if (a.node() != null) {
                load.merge(a.node(), 1, Integer::sum);
            }
            if (visible.test(a.camera())) {
                shown.add(new ClusterView.AssignmentView(a.camera(), a.node(), a.epoch(), cameras.recordsHere(a.camera()), a.home()));
            }
        }
        List<ClusterView.MemberView> members = new ArrayList<>();
        for (Member m : node.members()) {
            members.add(new ClusterView.MemberView(m.node(), m.httpAddress(), m.rtspAddress(), m.capacityCameras(),
                    load.getOrDefault(m.node(), 0)));
        }
        members.sort(java.util.Comparator.comparing(ClusterView.MemberView::node));
        java.util.Set<String> live = new java.util.HashSet<>();
        members.forEach(mv -> live.add(mv.node()));
        java.util.Set<String> down = new java.util.TreeSet<>();
        for (Assignment a : assignments.values()) {
            for (String n : java.util.Arrays.asList(a.home(), a.node())) {
                if (n != null && !live.contains(n)) {
                    down.add(n);
                }
            }
        }
        return new ClusterView(node.node(), node.controller(), node.connected(), members, List.copyOf(down), shown);
    }

    /** The failover history of a camera (the catalog), with who records it now. Fails while ZooKeeper cannot be read. */
    public ClusterView.CameraHistory history(String camera) throws Exception {
        java.util.Set<String> live = new java.util.HashSet<>();
        node.members().forEach(mm -> live.add(mm.node()));
        List<ClusterView.Stretch> stretches = new ArrayList<>();
        for (io.nightjar.cluster.CatalogSpan s : node.catalog(camera)) {
            boolean open = s.toMicros() == Long.MAX_VALUE;
            stretches.add(new ClusterView.Stretch(s.node(), s.epoch(), java.time.Instant.ofEpochMilli(s.fromMicros() / 1000).toString(),
                    open ? null : java.time.Instant.ofEpochMilli(s.toMicros() / 1000).toString(), s.fromMicros() / 1000,
                    open ? null : s.toMicros() / 1000, live.contains(s.node())));
        }
        Assignment a = node.assignment(camera);
        return new ClusterView.CameraHistory(camera, a == null ? null : a.node(), a == null ? 0 : a.epoch(), stretches);
    }

    /** Longest a clean stop waits, beyond the handoff, for the other nodes to take this node's cameras. */
    static final long LEAVE_WAIT_MILLIS = 10_000;

    /**
     * Leaves the site, make before break: the member record goes first, so the controller gives this
     * node's cameras to the others at once; this node keeps recording each until the catalog shows
     * its new node recording it (plus the handoff), or {@link #LEAVE_WAIT_MILLIS} beyond the handoff
     * have passed; then leaves for good. A rolling restart loses no footage. Cut off from ZooKeeper,
     * or the last node of the site, it leaves at once (cut off, the others take over after its
     * session expires).
     */
    @Override
    public void close() {
        Map<String, Long> mine = node.owned();
        boolean others = node.members().stream().anyMatch(m -> !m.node().equals(node.node()));
        if (!mine.isEmpty() && node.connected() && others) {
            node.leave();
            long deadline = System.currentTimeMillis() + handoffMillis + LEAVE_WAIT_MILLIS;
            java.util.Set<String> waiting = new java.util.HashSet<>(mine.keySet());
            while (!waiting.isEmpty() && System.currentTimeMillis() < deadline) {
                waiting.removeIf(camera -> takenOver(camera, mine.get(camera)));
                if (!waiting.isEmpty()) {
                    sleep(250);
                }
            }
            if (waiting.isEmpty()) {
                sleep(handoffMillis); // the new nodes started; they have recorded their first keyframes by now
                LOG.info("left the site: the other nodes record its {} cameras", mine.size());
            } else {
                LOG.warn("left the site with {} of its {} cameras not yet taken over by another node: {}", waiting.size(), mine.size(), waiting);
            }
        }
        catalog.shutdownNow();
        node.close();
        recorder.shutdownNow();
        try {
            recorder.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
