package io.nightjar.api.server;

import io.nightjar.api.net.ConnectionLimiter;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.nightjar.analytics.anomaly.ActivityBaseline;
import io.nightjar.analytics.event.EventBus;
import io.nightjar.analytics.tap.AnalyticsTap;
import io.nightjar.api.auth.UserStore;
import io.nightjar.api.config.CameraConfig;
import io.nightjar.api.config.NightjarConfig;
import io.nightjar.api.config.Sizes;
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
import io.nightjar.recorder.memory.MemoryBudget;
import io.nightjar.recorder.ring.FrameRing;
import io.nightjar.storage.Storage;
import io.nightjar.storage.StorageConfig;
import io.nightjar.storage.retention.RetentionPolicy;
import io.nightjar.storage.writer.WriterSettings;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole engine in one process: storage (with recovery), the frame ring and its three
 * consumers (segment writer: lossless; live fan-out and analytics tap: lossy), the cameras, the
 * HTTP API and web UI, the RTSP server, and outbound events. {@link #close()} stops them in the
 * order that keeps every frame: listeners, cameras, ring (the writer closes its files), analytics,
 * storage (the index is flushed).
 */
public final class NightjarServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NightjarServer.class);

    private final NightjarConfig config;
    private final Storage storage;
    private final UserStore users;
    private final String generatedAdminPassword;
    private final EventBus events = new EventBus();
    private final EventStore eventStore;
    private final EventHub eventHub = new EventHub();
    private final AuditLog audit;
    private final io.nightjar.api.events.DownloadAudit downloads;
    private final FileLinks fileLinks;
    private final MotionGate gate;
    private final MemoryBudget memory;
    private final LiveFanout fanout;
    private final io.nightjar.api.live.PreviewStreams previews;
    private final AnalyticsTap tap;
    private final FrameRing ring;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final CameraManager cameras;
    private final HttpServer http;
    private final RtspServer rtsp;
    private Router router;
    private final WebhookSender webhooks;
    private final MqttPublisher mqtt;
    private final LatencyWindow writerLatency = new LatencyWindow();
    private final LatencyWindow analysisLatency = new LatencyWindow();
    private final Map<String, ActivityBaseline> baselines = new ConcurrentHashMap<>();
    private final Path stateDir;
    private final long startedMillis = System.currentTimeMillis();
    private final Exports exports;
    /** The one guessing limiter of login, Basic, tokens and RTSP Digest; limits are audited. */
    private final io.nightjar.api.auth.AuthGuard authGuard = new io.nightjar.api.auth.AuthGuard(System::currentTimeMillis, this::authLimited);
    private final io.nightjar.api.metrics.ServerMetrics metrics = new io.nightjar.api.metrics.ServerMetrics(this);
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
                .withRetention(this::retentionPolicy, 10_000)
                .withCameraRoots(roots)
                .withOwnerOnly(config.storage.ownerOnly)
                .withLatency(writerLatency));
        boolean ok = false;
        try {
            for (String a : storage.recoveryActions()) {
                LOG.warn("recovery: {}", a);
            }
            this.stateDir = storage.layout().indexDirectory().getParent();
            this.users = new UserStore(stateDir.resolve("users.json"), config.server.rtspDigest);
            this.generatedAdminPassword = users.ensureAdmin();
            this.eventStore = new EventStore(storage.index());
            this.audit = new AuditLog(storage.index());
            this.downloads = new io.nightjar.api.events.DownloadAudit(audit);
            this.fileLinks = FileLinks.open(stateDir);
            this.exports = new Exports(storage, stateDir.resolve("exports"));
            this.cameras = new CameraManager(null, null, stateDir.resolve("cameras.json"));
            this.gate = new MotionGate(cameras::config);
            storage.writer().setGate(gate);
            events.subscribe(eventStore);
            events.subscribe(gate);
            events.subscribe(eventHub);
            this.webhooks = config.events.webhooks.isEmpty() ? null : new WebhookSender(config.events.webhooks);
            if (webhooks != null) {
                events.subscribe(webhooks);
            }
            int analyticsThreads = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
            this.tap = new AnalyticsTap(cameras::analytics, AnalyticsTap.standard(events,
                    (camera, second, grid) -> storage.index().putMotion(camera, second, grid), this::baseline, analysisLatency),
                    analyticsThreads, memory);
            this.ring = FrameRing.builder().budget(memory).consumer(storage.writer()).consumer(fanout).consumer(tap).start();
            this.boss = io.nightjar.recorder.net.Transports.group(1, "accept");
            this.workers = io.nightjar.recorder.net.Transports.group(Math.max(2, Runtime.getRuntime().availableProcessors()), "io");
            this.mqtt = config.events.mqtt == null ? null : new MqttPublisher(workers, config.events.mqtt);
            if (mqtt != null) {
                events.subscribe(mqtt);
            }
            cameras.bind(workers, ring, config.server.cameraUdpPorts == null ? io.nightjar.recorder.net.PortRange.CLIENT_DEFAULT
                    : io.nightjar.recorder.net.PortRange.parse(config.server.cameraUdpPorts));
            cameras.start(config.cameras);
            this.router = Routes.build(this);
            StaticFiles web = new StaticFiles(config.server.webRoot == null ? null : Path.of(config.server.webRoot));
            this.http = listen("HTTP", config.server.httpPort, "server.httpPort (the demo: --http-port)",
                    () -> new HttpServer(boss, workers, config.server.bind, config.server.httpPort, ssl(config.server),
                            new HttpApiHandler(router, users, web, io.nightjar.api.http.Cors.of(config.server.corsOrigins), authGuard),
                            new ConnectionLimiter("HTTP", config.server.maxConnections, config.server.maxConnectionsPerSource),
                            config.server.requestTimeoutSeconds));
            this.rtsp = listen("RTSP", config.server.rtspPort, "server.rtspPort (the demo: --rtsp-port)",
                    () -> new RtspServer(boss, workers, new io.nightjar.api.rtsp.RtspServerSettings(config.server.bind, config.server.rtspPort,
                            config.server.rtspUdpPorts == null ? null : io.nightjar.recorder.net.PortRange.parse(config.server.rtspUdpPorts),
                            config.server.rtspSessionTimeoutSeconds).withLimits(config.server.rtspSessionsPerUser, config.server.maxConnections,
                            config.server.maxConnectionsPerSource), fanout, storage, users, audit,
                            cameras::exists, true).withAuthGuard(authGuard));
            ok = true;
        } finally {
            if (!ok) {
                closeQuietly();
            }
        }
        LOG.info("Nightjar serving HTTP on {} and RTSP on {}; {} camera(s); data in {}", http.port(), rtsp.port(),
                cameras.all().size(), root);
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

    private RetentionPolicy retentionPolicy() {
        NightjarConfig.Storage s = config.storage;
        long day = 86_400_000_000L;
        Map<String, RetentionPolicy.CameraRule> per = new HashMap<>();
        if (cameras != null) {
            for (CameraRuntime r : cameras.all()) {
                CameraConfig.RetentionConfig rc = r.config().retention;
                if (rc != null) {
                    per.put(r.config().id, new RetentionPolicy.CameraRule(rc.maxAgeDays == null ? 0 : (long) (rc.maxAgeDays * day),
                            rc.maxSize == null ? 0 : Sizes.parse(rc.maxSize)));
                }
            }
        }
        return new RetentionPolicy(s.maxAgeDays == null ? 0 : (long) (s.maxAgeDays * day),
                s.cameraMaxSize == null ? 0 : Sizes.parse(s.cameraMaxSize), per,
                s.maxSize == null ? 0 : Sizes.parse(s.maxSize), s.freeSpaceFloor == null ? 0 : Sizes.parse(s.freeSpaceFloor));
    }

    private ActivityBaseline baseline(String camera) {
        return baselines.computeIfAbsent(camera, c -> {
            CameraConfig cc = cameras.config(c);
            ZoneId zone = cc != null && cc.timeZone != null ? ZoneId.of(cc.timeZone) : ZoneId.systemDefault();
            Path f = stateDir.resolve("baselines").resolve(c + ".bin");
            try {
                if (Files.exists(f)) {
                    return ActivityBaseline.deserialize(Files.readAllBytes(f), zone);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("{}: activity baseline {} unreadable ({}); starting a new one", c, f, e.toString());
            }
            return new ActivityBaseline(zone);
        });
    }

    private void saveBaselines() {
        for (Map.Entry<String, ActivityBaseline> e : baselines.entrySet()) {
            Path f = stateDir.resolve("baselines").resolve(e.getKey() + ".bin");
            try {
                Files.createDirectories(f.getParent());
                Files.write(f, e.getValue().serialize());
            } catch (IOException ex) {
                LOG.warn("could not save the activity baseline of {}: {}", e.getKey(), ex.toString());
            }
        }
    }

    public NightjarConfig config() {
        return config;
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

    public EventStore eventStore() {
        return eventStore;
    }

    public EventHub eventHub() {
        return eventHub;
    }

    /** Audit of reads of stored footage by file (segment files, HLS segments). */
    public io.nightjar.api.events.DownloadAudit downloads() {
        return downloads;
    }

    /** How segment files are named in URLs. */
    public FileLinks fileLinks() {
        return fileLinks;
    }

    public AuditLog audit() {
        return audit;
    }

    public LiveFanout fanout() {
        return fanout;
    }

    /** Browser previews of cameras a browser cannot play (H.265 without a sub-stream). */
    public io.nightjar.api.live.PreviewStreams previews() {
        return previews;
    }

    public AnalyticsTap tap() {
        return tap;
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

    /** The footage memory budget shared by ingest, the writer, live viewers and analytics. */
    public MemoryBudget memory() {
        return memory;
    }

    public FrameRing ring() {
        return ring;
    }

    public CameraManager cameras() {
        return cameras;
    }

    public EventLoopGroup workers() {
        return workers;
    }

    public Exports exports() {
        return exports;
    }

    /** A source or an account started being limited: logged and audited. */
    private void authLimited(String source, String account, String what) {
        LOG.warn("authentication limited for {} from {}: {}", account == null ? "tokens" : account, source, what);
        AuditLog a = audit;
        if (a != null) {
            a.record(account, source, "auth.limited", null, null, null, what);
        }
    }

    /** The one guessing limiter every authentication path goes through. */
    public io.nightjar.api.auth.AuthGuard authGuard() {
        return authGuard;
    }

    /** The Prometheus metrics of this server. */
    public io.nightjar.api.metrics.ServerMetrics metrics() {
        return metrics;
    }

    public LatencyWindow writerLatency() {
        return writerLatency;
    }

    public LatencyWindow analysisLatency() {
        return analysisLatency;
    }

    private volatile java.util.List<io.nightjar.storage.retention.AchievedRetention> achievedCache = java.util.List.of();
    private volatile long achievedAtMillis;

    /** Achieved retention of every camera, computed at most once a minute (it walks the file index). */
    public java.util.List<io.nightjar.storage.retention.AchievedRetention> achievedRetention() {
        long now = System.currentTimeMillis();
        if (now - achievedAtMillis > 60_000) {
            achievedCache = storage.retention().achieved();
            achievedAtMillis = now;
        }
        return achievedCache;
    }

    public boolean motionRecording(String camera, long wallMicros) {
        return gate.active(camera, wallMicros);
    }

    public long startedMillis() {
        return startedMillis;
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

    public WebhookSender webhooks() {
        return webhooks;
    }

    public MqttPublisher mqtt() {
        return mqtt;
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
        run(http == null ? null : http::close);
        run(rtsp == null ? null : rtsp::close);
        run(cameras == null ? null : cameras::close);
        run(ring == null ? null : ring::close); // the writer finishes and closes every file
        run(previews::close);
        run(tap == null ? null : tap::close);
        run(this::saveBaselines);
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
