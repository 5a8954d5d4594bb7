package io.nightjar.api.server;

import io.nightjar.api.net.ConnectionLimiter;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.nightjar.analytics.event.EventBus;
import io.nightjar.analytics.tap.AnalyticsTap;
import io.nightjar.api.auth.AuthGuard;
import io.nightjar.api.auth.UserStore;
import io.nightjar.api.config.CameraConfig;
import io.nightjar.api.config.NightjarConfig;
import io.nightjar.api.events.AuditLog;
import io.nightjar.api.events.EventHub;
import io.nightjar.api.events.EventStore;
import io.nightjar.api.http.HttpApiHandler;
import io.nightjar.api.http.HttpServer;
import io.nightjar.api.http.Router;
import io.nightjar.api.http.StaticFiles;
import io.nightjar.api.live.LiveFanout;
import io.nightjar.api.outbound.MqttPublisher;
import io.nightjar.api.outbound.WebhookSender;
import io.nightjar.api.routes.Routes;
import io.nightjar.api.rtsp.RtspServer;
import io.nightjar.api.service.Services;
import io.nightjar.recorder.memory.MemoryBudget;
import io.nightjar.recorder.ring.FrameRing;
import io.nightjar.storage.Storage;
import io.nightjar.storage.StorageConfig;
import io.nightjar.storage.writer.WriterSettings;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The assembly: the whole engine in one process, built once, in order, from the configuration —
 * storage (with recovery), the camera directory, the frame ring and its three consumers (segment
 * writer: lossless; live fan-out and analytics tap: lossy), the cameras, the services of
 * {@link io.nightjar.api.service} over them, the HTTP API and web UI (routes given only the
 * services), the RTSP server, and outbound events. Nothing is built half and completed later, and
 * no part is given this object. {@link #close()} stops them in the order that keeps every frame:
 * listeners, cameras, ring (the writer closes its files), analytics, storage (the index is flushed).
 */
public final class NightjarServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NightjarServer.class);

    private final NightjarConfig config;
    private final Storage storage;
    private final UserStore users;
    private final String generatedAdminPassword;
    private final EventBus events = new EventBus();
    private final EventHub eventHub = new EventHub();
    private final AuditLog audit;
    private final FileLinks fileLinks;
    private final MemoryBudget memory;
    private final LiveFanout fanout;
    private final io.nightjar.api.live.PreviewStreams previews;
    private final AnalyticsTap tap;
    private final FrameRing ring;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final CameraDirectory directory = new CameraDirectory();
    private final CameraManager cameras;
    private final Baselines baselines;
    private final Services services;
    private final Router router;
    private final HttpServer http;
    private final RtspServer rtsp;
    private final WebhookSender webhooks;
    private final MqttPublisher mqtt;
    private final LatencyWindow writerLatency = new LatencyWindow();
    private final LatencyWindow analysisLatency = new LatencyWindow();
    private final long startedMillis = System.currentTimeMillis();
    private final Exports exports;
    /** This node's cluster membership; null outside a cluster (and until the listeners are up). */
    private volatile io.nightjar.api.cluster.ClusterMembership cluster;
    private volatile boolean closed;

    private NightjarServer(NightjarConfig config) throws Exception {
        this.config = config;
        Path root = Path.of(config.storage.root).toAbsolutePath();
        Map<String, Path> roots = new HashMap<>();
        for (CameraConfig c : config.cameras) {
            if (c.storageRoot != null) {
                roots.put(c.id, Path.of(c.storageRoot));
            }
        }
        this.memory = MemoryBudget.forJvm(config.memory.footageBytes());
        LOG.info("footage memory budget {} MB of {} MB direct memory{}", memory.limit() >> 20, MemoryBudget.maxDirectMemory() >> 20,
                io.netty.util.internal.PlatformDependent.useDirectBufferNoCleaner() ? ""
                        : " (Netty cannot use cleaner-free buffers: start through the nightjar launcher, which sets the flags)");
        this.fanout = new LiveFanout(io.netty.buffer.PooledByteBufAllocator.DEFAULT, memory);
        this.previews = new io.nightjar.api.live.PreviewStreams(fanout);
        this.storage = Storage.open(StorageConfig.defaults(root)
                .withBudget(memory)
                .withWriter(WriterSettings.defaults().withSegmentMinutes(config.storage.segmentMinutes)
                        .withDirectIo(config.storage.directIo))
                .withRetention(new RetentionPolicies(config.storage, directory), 10_000)
                .withCameraRoots(roots)
                .withOwnerOnly(config.storage.ownerOnly)
                .withLatency(writerLatency));
        boolean ok = false;
        try {
            for (String a : storage.recoveryActions()) {
                LOG.warn("recovery: {}", a);
            }
            Path stateDir = storage.layout().indexDirectory().getParent();
            this.users = new UserStore(stateDir.resolve("users.json"), config.server.rtspDigest);
            this.generatedAdminPassword = users.ensureAdmin();
            EventStore eventStore = new EventStore(storage.index().events());
            AuditLog auditLog = new AuditLog(storage.index());
            this.audit = auditLog;
            AuthGuard authGuard = new AuthGuard(System::currentTimeMillis, (source, account, what) -> {
                LOG.warn("authentication limited for {} from {}: {}", account == null ? "tokens" : account, source, what);
                auditLog.record(account, source, "auth.limited", null, null, null, what);
            });
            this.fileLinks = FileLinks.open(stateDir);
            EvidenceService evidence = new EvidenceService(storage, auditLog);
            // in a cluster, holds are the site's: every node's retention keeps every hold's range
            io.nightjar.api.cluster.SiteEvidence siteHolds = config.cluster == null ? null
                    : new io.nightjar.api.cluster.SiteEvidence(evidence, storage.holds(), stateDir.resolve("site-holds.json"), () -> cluster,
                    new io.nightjar.api.auth.NodeAuth(config.cluster.node, config.cluster.secret, System::currentTimeMillis));
            io.nightjar.api.auth.NodeAuth nodeAuth = config.cluster == null ? null
                    : new io.nightjar.api.auth.NodeAuth(config.cluster.node, config.cluster.secret, System::currentTimeMillis);
            // in a cluster, an export of a range the camera moved in is planned from the footage of every node that recorded it
            java.util.concurrent.atomic.AtomicReference<io.nightjar.api.service.Recordings> siteRecordings = new java.util.concurrent.atomic.AtomicReference<>();
            // other nodes' footage is copied here (never held whole in memory) to be exported or served through this node
            io.nightjar.api.cluster.PeerFiles peerFiles = nodeAuth == null ? null
                    : new io.nightjar.api.cluster.PeerFiles(nodeAuth, stateDir.resolve("exports").resolve("staging"));
            io.nightjar.api.cluster.SiteExports siteExports = nodeAuth == null ? null
                    : new io.nightjar.api.cluster.SiteExports(storage, () -> cluster, nodeAuth, peerFiles, siteRecordings::get);
            ExportPlanner planner = siteExports != null ? siteExports::plan : (caller, camera, from, to) -> storage.exporter().plan(camera, from, to);
            this.exports = new Exports(storage, stateDir.resolve("exports"), evidence, planner, siteExports != null);
            MotionGate gate = new MotionGate(directory::config);
            storage.writer().setGate(gate);
            events.subscribe(eventStore);
            events.subscribe(gate);
            events.subscribe(eventHub);
            this.webhooks = config.events.webhooks.isEmpty() ? null : new WebhookSender(config.events.webhooks);
            if (webhooks != null) {
                events.subscribe(webhooks);
            }
            this.baselines = new Baselines(stateDir.resolve("baselines"), directory);
            int analyticsThreads = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
            this.tap = new AnalyticsTap(directory::analytics, AnalyticsTap.standard(events,
                    (camera, second, grid) -> storage.index().motion().put(camera, second, grid), baselines, analysisLatency),
                    analyticsThreads, memory);
            this.ring = FrameRing.builder().budget(memory).consumer(storage.writer()).consumer(fanout).consumer(tap).start();
            this.boss = io.nightjar.recorder.net.Transports.group(1, "accept");
            this.workers = io.nightjar.recorder.net.Transports.group(Math.max(2, Runtime.getRuntime().availableProcessors()), "io");
            this.mqtt = config.events.mqtt == null ? null : new MqttPublisher(workers, config.events.mqtt);
            if (mqtt != null) {
                events.subscribe(mqtt);
            }
            this.cameras = new CameraManager(directory, workers, ring, config.server.cameraUdpPorts == null
                    ? io.nightjar.recorder.net.PortRange.CLIENT_DEFAULT : io.nightjar.recorder.net.PortRange.parse(config.server.cameraUdpPorts),
                    stateDir.resolve("cameras.json"), config.cluster != null);
            cameras.start(config.cameras);

            ConnectionLimiter httpLimits = new ConnectionLimiter("HTTP", config.server.maxConnections, config.server.maxConnectionsPerSource);
            ConnectionLimiter rtspLimits = new ConnectionLimiter("RTSP", config.server.maxConnections, config.server.maxConnectionsPerSource);
            ServerMetrics metrics = new ServerMetrics(new ServerMetrics.Sources(directory, storage, new AchievedRetentionCache(storage),
                    writerLatency, ring, tap, fanout, memory, Map.of("http", httpLimits, "rtsp", rtspLimits)));
            io.nightjar.api.service.Recordings ownRecordings = new RecordingService(storage, fileLinks,
                    new io.nightjar.api.events.DownloadAudit(auditLog), evidence, planner);
            // in a cluster, spans are the whole site's (fetched from the nodes that recorded the camera, on the caller's behalf)
            io.nightjar.api.service.Recordings recordings = nodeAuth == null ? ownRecordings
                    : new io.nightjar.api.cluster.SiteRecordings(ownRecordings, () -> cluster, nodeAuth, peerFiles);
            siteRecordings.set(recordings);
            CameraService cameraService = new CameraService(cameras, storage, gate, tap, fanout, workers, evidence,
                    camera -> cluster == null ? null : cluster.recordingElsewhere(camera));
            // in a cluster, what only a camera's recording node knows (its streams, its live picture) is asked of that node
            io.nightjar.api.service.Cameras siteCameras = nodeAuth == null ? cameraService
                    : new io.nightjar.api.cluster.SiteCameras(cameraService, () -> cluster, nodeAuth);
            this.services = new Services(siteCameras, recordings, exports, siteHolds != null ? siteHolds : evidence,
                    nodeAuth == null ? new EventService(eventStore, eventHub, directory, recordings, evidence)
                            : new io.nightjar.api.cluster.SiteEvents(new EventService(eventStore, eventHub, directory, recordings, evidence),
                            () -> cluster, nodeAuth),
                    new AccountService(users, authGuard, auditLog),
                    new StatusService(storage, ring, memory, writerLatency, directory, cameraService, metrics, startedMillis, () -> cluster),
                    nodeAuth == null ? new LiveService(fanout, previews, evidence)
                            : new io.nightjar.api.cluster.SiteLive(new LiveService(fanout, previews, evidence), () -> cluster, nodeAuth,
                            io.netty.buffer.PooledByteBufAllocator.DEFAULT, memory));
            this.router = Routes.build(services);
            StaticFiles web = new StaticFiles(config.server.webRoot == null ? null : Path.of(config.server.webRoot));
            this.http = listen("HTTP", config.server.httpPort, "server.httpPort (the demo: --http-port)",
                    () -> new HttpServer(boss, workers, config.server.bind, config.server.httpPort, ssl(config.server),
                            new HttpApiHandler(router, users, web, io.nightjar.api.http.Cors.of(config.server.corsOrigins), authGuard)
                                    .withNodeAuth(nodeAuth),
                            httpLimits, config.server.requestTimeoutSeconds));
            this.rtsp = listen("RTSP", config.server.rtspPort, "server.rtspPort (the demo: --rtsp-port)",
                    () -> new RtspServer(boss, workers, new io.nightjar.api.rtsp.RtspServerSettings(config.server.bind, config.server.rtspPort,
                            config.server.rtspUdpPorts == null ? null : io.nightjar.recorder.net.PortRange.parse(config.server.rtspUdpPorts),
                            config.server.rtspSessionTimeoutSeconds).withLimits(config.server.rtspSessionsPerUser, config.server.maxConnections,
                            config.server.maxConnectionsPerSource), services.live(), services.recordings(), users,
                            cameras::exists, true, rtspLimits).withAuthGuard(authGuard));
            if (config.cluster != null) {
                // joined last: the advertised addresses need the listeners' ports, and nothing is recorded before they answer
                this.cluster = io.nightjar.api.cluster.ClusterMembership.join(config.cluster, advertised(http.port()), advertised(rtsp.port()),
                        config.cameras, cameras, storage.writer().epochs(), users, siteHolds, stateDir);
            }
            ok = true;
        } finally {
            if (!ok) {
                closeQuietly();
            }
        }
        LOG.info("Nightjar serving HTTP on {} and RTSP on {}; {} camera(s); data in {}", http.port(), rtsp.port(),
                cameras.all().size(), root);
    }

    /** Where this node is reached on {@code port} when the configuration does not say: the bind address, or this host's name. */
    private String advertised(int port) {
        String host = config.server.bind;
        if (host.equals("0.0.0.0") || host.equals("::")) {
            try {
                host = java.net.InetAddress.getLocalHost().getCanonicalHostName();
            } catch (java.net.UnknownHostException e) {
                host = "localhost";
            }
        }
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** Starts a server from a validated configuration; fails as a whole (nothing left running) on any error. */
    public static NightjarServer start(NightjarConfig config) throws Exception {
        return new NightjarServer(config);
    }

    private static SslContext ssl(NightjarConfig.Server s) throws IOException {
        if (s.tlsCertificate == null) {
            return null;
        }
        return SslContextBuilder.forServer(new File(s.tlsCertificate), new File(s.tlsKey)).build();
    }

    public NightjarConfig config() {
        return config;
    }

    /** The engine's services: what routes, the RTSP server and the CLI are given. */
    public Services services() {
        return services;
    }

    /** The API's routes (the OpenAPI document is made from them). */
    public Router router() {
        return router;
    }

    public Storage storage() {
        return storage;
    }

    public UserStore users() {
        return users;
    }

    /** The admin password generated at first start (printed once), or null. */
    public String generatedAdminPassword() {
        return generatedAdminPassword;
    }

    public EventBus events() {
        return events;
    }

    /** How segment files are named in URLs. */
    public FileLinks fileLinks() {
        return fileLinks;
    }

    public LiveFanout fanout() {
        return fanout;
    }

    /** Browser previews of cameras a browser cannot play (H.265 without a sub-stream). */
    public io.nightjar.api.live.PreviewStreams previews() {
        return previews;
    }

    /** Opens a listening server; a port taken by another program becomes a {@link PortInUseException} saying which and how to move it. */
    private <T> T listen(String what, int port, String setting, java.util.concurrent.Callable<T> open) throws Exception {
        try {
            return open.call();
        } catch (Exception e) {
            if (PortInUseException.isAddressInUse(e)) {
                throw new PortInUseException(what + " port " + port + " on " + config.server.bind
                        + " is already in use by another program: stop it, or choose another port with " + setting, e);
            }
            throw e;
        }
    }

    public FrameRing ring() {
        return ring;
    }


    public int httpPort() {
        return http.port();
    }

    public int rtspPort() {
        return rtsp.port();
    }

    /** The connection limits of the HTTP and RTSP listeners, by listener name. */
    public java.util.Map<String, ConnectionLimiter> connectionLimits() {
        return java.util.Map.of("http", http.connections(), "rtsp", rtsp.connections());
    }

    public RtspServer rtsp() {
        return rtsp;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly();
        LOG.info("Nightjar stopped; files closed and the index flushed");
    }

    private void closeQuietly() {
        run(cluster == null ? null : cluster::close); // leaves the site first: its cameras fail over while this node stops
        run(http == null ? null : http::close);
        run(rtsp == null ? null : rtsp::close);
        run(cameras == null ? null : cameras::close);
        run(ring == null ? null : ring::close); // the writer finishes and closes every file
        run(previews::close);
        run(tap == null ? null : tap::close);
        run(baselines == null ? null : baselines::save);
        run(webhooks == null ? null : webhooks::close);
        run(mqtt == null ? null : mqtt::close);
        run(exports == null ? null : exports::close);
        run(storage == null ? null : () -> {
            storage.hasher().awaitIdle(10_000);
            storage.close();
        });
        run(workers == null ? null : () -> workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS));
        run(boss == null ? null : () -> boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS));
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void run(Step s) {
        if (s == null) {
            return;
        }
        try {
            s.run();
        } catch (Exception e) {
            LOG.warn("shutdown step failed: {}", e.toString());
        }
    }
}
