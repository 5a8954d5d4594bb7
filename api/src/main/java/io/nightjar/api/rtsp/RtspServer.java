package io.nightjar.api.rtsp;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.rtsp.RtspEncoder;
import io.nightjar.api.auth.UserStore;
import io.nightjar.api.service.Live;
import io.nightjar.api.service.Recordings;
import io.nightjar.api.net.ConnectionLimiter;
import io.nightjar.recorder.rtsp.InterleavedFrameDecoder;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RTSP listener (see the package description). Requests are bounded by the interleaved
 * decoder (16 KiB heads, 256 KiB bodies); sessions are bounded per connection and in total.
 */
public final class RtspServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RtspServer.class);
    public static final int MAX_SESSIONS = 2000;

    private final Live live;
    private final Recordings recordings;
    private final UserStore users;
    private final Predicate<String> cameras;
    private final boolean authRequired;
    private final RtspDigest digest;
    private final Channel channel;
    private final Channel udpRtp;
    private final Channel udpRtcp;
    private final ScheduledExecutorService playback;
    private final Set<RtspConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger sessionCount = new AtomicInteger();
    private final ScheduledFuture<?> expiry;
    private final RtspServerSettings settings;
    private final ConnectionLimiter limiter;

    /**
     * @param live       live streams (and the audit of who watches)
     * @param recordings playback of recorded footage, or null on a server that records nothing (a simulated camera)
     * @param users      who may authenticate (tokens, Digest), or null when {@code authRequired} is false
     * @param cameras    whether a camera id exists
     */
    public RtspServer(EventLoopGroup boss, EventLoopGroup workers, RtspServerSettings settings, Live live, Recordings recordings,
                      UserStore users, Predicate<String> cameras, boolean authRequired) throws InterruptedException {
        this(boss, workers, settings, live, recordings, users, cameras, authRequired,
                new ConnectionLimiter("RTSP", settings.maxConnections(), settings.connectionsPerSource()));
    }

    /** With the connection limiter the server's metrics also read. */
    public RtspServer(EventLoopGroup boss, EventLoopGroup workers, RtspServerSettings settings, Live live, Recordings recordings,
                      UserStore users, Predicate<String> cameras, boolean authRequired, ConnectionLimiter limiter)
            throws InterruptedException {
        this.settings = settings;
        this.live = live;
        this.recordings = recordings;
        this.users = users;
        this.cameras = cameras;
        this.authRequired = authRequired;
        this.digest = new RtspDigest(users);
        this.limiter = limiter;
        AtomicInteger n = new AtomicInteger();
        this.playback = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "rtsp-playback-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
        ServerBootstrap b = new ServerBootstrap().group(boss, workers).channel(io.nightjar.recorder.net.Transports.serverSocket(workers))
                .option(ChannelOption.SO_BACKLOG, 512)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(512 * 1024, 2 * 1024 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("limit", limiter);
                        connections.add(addConnection(ch.pipeline()));
                    }
                });
        this.channel = b.bind(new InetSocketAddress(settings.bind(), settings.port())).sync().channel();
        Channel[] udp = settings.udpPorts() == null ? bindUdpPair(workers, settings.bind()) : bindUdpPair(workers, settings.bind(), settings.udpPorts());
        this.udpRtp = udp[0];
        this.udpRtcp = udp[1];
        this.expiry = playback.scheduleAtFixedRate(() -> {
            for (RtspConnection c : connections) {
                c.expireIdleLater();
            }
        }, expiryPeriodMillis(), expiryPeriodMillis(), TimeUnit.MILLISECONDS);
        LOG.info("RTSP server on {} (UDP {}-{})", channel.localAddress(), udpRtpPort(), udpRtpPort() + 1);
    }

    /** An even/odd UDP port pair for RTP/RTCP; RTCP from clients only refreshes nothing (sessions keep alive by requests). */
    private static Channel[] bindUdpPair(EventLoopGroup group, String bind) throws InterruptedException {
        for (int attempt = 0; attempt < 50; attempt++) {
            Channel rtp = bindDrain(group, bind, 0);
            int port = ((InetSocketAddress) rtp.localAddress()).getPort();
            if (port % 2 == 0 && port < 65535) {
                try {
                    return new Channel[] {rtp, bindDrain(group, bind, port + 1)};
                } catch (Exception e) {
                    // taken: try another pair
                }
            }
            rtp.close().sync();
        }
        LOG.warn("no UDP port pair for RTSP; UDP transport disabled");
        return new Channel[] {null, null};
    }

    /** The largest request body accepted (SET_PARAMETER, ANNOUNCE-like bodies); larger is a 413. */
    static final int MAX_REQUEST_BODY = 64 * 1024;

    /**
     * The handlers of one client connection, after the connection limiter: framing (a client's
     * interleaved frames are skipped), the RTSP codec with bounded heads and bodies, and the
     * connection's own handler (also used by RtspServerInputFuzz on an embedded channel).
     */
    RtspConnection addConnection(ChannelPipeline p) {
        RtspConnection c = new RtspConnection(this);
        p.addLast("raw", new ChannelInboundHandlerAdapter())
                .addLast("frames", new InterleavedFrameDecoder((channel, buf, index, length) -> { }, MAX_REQUEST_BODY,
                        RtspServer::refuseOversized))
                .addLast("decoder", InterleavedFrameDecoder.newRtspDecoder())
                .addLast("encoder", new RtspEncoder())
                .addLast("aggregator", new HttpObjectAggregator(MAX_REQUEST_BODY))
                .addLast("connection", c);
        return c;
    }

    /**
     * Answers a request refused for its size in RTSP (Netty's aggregator would answer in HTTP,
     * which RTSP clients cannot parse), then closes: what follows is the body, not requests.
     */
    private static void refuseOversized(ChannelHandlerContext ctx, String cseq, String reason) {
        String text = "request refused: " + reason + "\r\n";
        String number = RtspConnection.numericCSeq(cseq); // echoed only when it is what a CSeq can be
        String head = "RTSP/1.0 413 Request Entity Too Large\r\n" + (number != null ? "CSeq: " + number + "\r\n" : "")
                + "Server: Nightjar/0.1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " + text.length() + "\r\n\r\n";
        ctx.writeAndFlush(io.netty.buffer.Unpooled.copiedBuffer(head + text, java.nio.charset.StandardCharsets.UTF_8))
                .addListener(io.netty.channel.ChannelFutureListener.CLOSE);
        ctx.channel().config().setAutoRead(false);
    }

    /** The first free pair of a configured range, in order. */
    private static Channel[] bindUdpPair(EventLoopGroup group, String bind, io.nightjar.recorder.net.PortRange range) throws InterruptedException {
        Bootstrap b = new Bootstrap().group(group).channel(io.nightjar.recorder.net.Transports.datagram(group));
        java.util.concurrent.CompletableFuture<io.nightjar.recorder.net.UdpPortPair> bound = new java.util.concurrent.CompletableFuture<>();
        io.nightjar.recorder.net.UdpPortPair.bind(b, Drain::new, Drain::new, bind, range, 0, range.pairs(), bound::complete);
        io.nightjar.recorder.net.UdpPortPair pair;
        try {
            pair = bound.get(); // at start, before serving: the constructor may wait
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        if (pair == null) {
            LOG.warn("no free UDP port pair in {} (server.rtspUdpPorts) for RTSP; UDP transport disabled, TCP still works", range);
            return new Channel[] {null, null};
        }
        return new Channel[] {pair.rtp(), pair.rtcp()};
    }

    /** Idle sessions and connections are looked for this often: a sixth of the timeout, at most every 10 s. */
    private long expiryPeriodMillis() {
        return Math.min(10_000, Math.max(200, settings.sessionTimeoutSeconds() * 1000L / 6));
    }

    int sessionTimeoutSeconds() {
        return settings.sessionTimeoutSeconds();
    }

    /** A UDP channel on {@code port} (0: any) that discards what it receives. */
    private static Channel bindDrain(EventLoopGroup group, String bind, int port) throws InterruptedException {
        return new Bootstrap().group(group).channel(io.nightjar.recorder.net.Transports.datagram(group)).handler(new Drain())
                .bind(new InetSocketAddress(bind, port)).sync().channel();
    }

    /** Discards what clients send to the UDP ports (receiver reports). */
    private static final class Drain extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof DatagramPacket p) {
                p.release();
            } else if (msg instanceof ByteBuf b) {
                b.release();
            }
        }
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    int udpRtpPort() {
        return udpRtp == null ? 0 : ((InetSocketAddress) udpRtp.localAddress()).getPort();
    }

    Channel udpRtp() {
        return udpRtp;
    }

    Channel udpRtcp() {
        return udpRtcp;
    }

    Live live() {
        return live;
    }

    /** Null on a server without recordings. */
    Recordings recordings() {
        return recordings;
    }

    private volatile io.nightjar.api.auth.AuthGuard authGuard = new io.nightjar.api.auth.AuthGuard();

    /** The guessing limiter every authentication goes through (the server's own, shared with HTTP). */
    public RtspServer withAuthGuard(io.nightjar.api.auth.AuthGuard guard) {
        this.authGuard = guard;
        return this;
    }

    io.nightjar.api.auth.AuthGuard authGuard() {
        return authGuard;
    }

    UserStore users() {
        return users;
    }

    RtspDigest digest() {
        return digest;
    }

    boolean authRequired() {
        return authRequired;
    }

    boolean cameraExists(String id) {
        return cameras.test(id);
    }

    ScheduledExecutorService playbackExecutor() {
        return playback;
    }

    /** A session for {@code user} if the server's and the user's limits allow it (null), else why not. */
    String reserveSession(String user) {
        if (sessionCount.incrementAndGet() > MAX_SESSIONS) {
            sessionCount.decrementAndGet();
            return "too many sessions on this server (at most " + MAX_SESSIONS + ")";
        }
        int perUser = settings.sessionsPerUser();
        AtomicInteger mine = sessionsByUser.computeIfAbsent(user, u -> new AtomicInteger());
        if (mine.incrementAndGet() > perUser) {
            releaseSession(user);
            return "too many sessions for user " + user + " (at most " + perUser + ": server.rtspSessionsPerUser)";
        }
        return null;
    }

    void releaseSession(String user) {
        sessionCount.decrementAndGet();
        sessionsByUser.computeIfPresent(user, (u, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    /** Sessions per user (users with none are not kept: the map cannot grow with names). */
    private final ConcurrentHashMap<String, AtomicInteger> sessionsByUser =
            new ConcurrentHashMap<>();

    /** The bound on this listener's connections (open, refused). */
    public ConnectionLimiter connections() {
        return limiter;
    }

    public int sessions() {
        return sessionCount.get();
    }

    void connectionClosed(RtspConnection c) {
        connections.remove(c);
    }

    @Override
    public void close() {
        expiry.cancel(false);
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        for (RtspConnection c : connections) {
            c.closeNow();
        }
        if (udpRtp != null) {
            udpRtp.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            udpRtcp.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        playback.shutdownNow();
    }
}
