package io.nightjar.recorder.rtsp;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.rtsp.RtspDecoder;
import io.netty.handler.codec.rtsp.RtspEncoder;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspMethods;
import io.netty.handler.codec.rtsp.RtspVersions;
import io.netty.util.concurrent.ScheduledFuture;
import io.nightjar.recorder.auth.Authenticator;
import io.nightjar.recorder.auth.Credentials;
import io.nightjar.recorder.ingest.FlowControl;
import io.nightjar.recorder.ingest.MediaSink;
import io.nightjar.recorder.ingest.TrackReceiver;
import io.nightjar.recorder.rtsp.RtspClientOptions.Transport;
import io.nightjar.recorder.sdp.SessionDescription;
import io.nightjar.recorder.stats.Counter;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RTSP session with a camera: connect, OPTIONS, DESCRIBE, SETUP per supported video track,
 * PLAY, then keepalives and RTCP receiver reports until {@link #stop()} (TEARDOWN) or a failure.
 * This class is the connection, its {@link SessionState} and the session's timers; the handshake's
 * steps are {@link RtspHandshake}'s, requests and replies
 * (CSeq, authentication retry, timeouts) are {@link RtspRequests}', each track's receiver and
 * transport (interleaved channels or a UDP port pair) its {@link TrackTransport}'s.
 *
 * <p>Everything after {@link #start()} runs on the connection's event loop; nothing blocks.
 * Keepalives are fire-and-forget (a camera that never answers them is fine). Over UDP, a 461 reply
 * or no RTP within {@code udpFallbackMillis} after PLAY restarts the session over TCP on its own.
 *
 * <p>The listener hears {@link Listener#onPlaying} after each successful PLAY and
 * {@link Listener#onClosed} exactly once at the end, with the failure in words (null after
 * {@link #stop()}).
 */
public final class RtspSession {
    private static final Logger LOG = LoggerFactory.getLogger(RtspSession.class);
    /** UDP port pairs tried before a session gives up on UDP (and falls back to TCP). */
    static final int MAX_BIND_ATTEMPTS = 64;
    private static final int RECEIVER_REPORT_MILLIS = 5_000;
    private static final int MAX_KEEPALIVE_MILLIS = 20_000;

    /** Lifecycle notifications. */
    public interface Listener {
        void onPlaying(RtspSession session);

        void onClosed(RtspSession session, RtspFailure failure);
    }

    /** Chooses the sink of each supported track; null skips the track. */
    @FunctionalInterface
    public interface TrackSinks {
        /** @param ordinal the track's position among the supported tracks (0 for the first video) */
        MediaSink sinkFor(MediaTrack track, int ordinal);
    }

    public final Counter unknownChannelFrames = new Counter();
    public final Counter serverRequests = new Counter();
    public final Counter badMessages = new Counter();
    public final Counter sessionIdChanges = new Counter();
    public final Counter keepalivesSent = new Counter();
    public final Counter receiverReportsSent = new Counter();

    private final EventLoopGroup group;
    private final RtspUrl url;
    private final RtspClientOptions options;
    private final TrackSinks sinks;
    private final Listener listener;
    private final Authenticator authenticator;
    private final long reporterSsrc = ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL;

    private volatile SessionState state = SessionState.IDLE;
    private volatile Transport transport;
    private volatile String server;
    private volatile List<MediaTrack> tracks = List.of();
    private volatile List<String> unsupportedTracks = List.of();
    private volatile List<TrackTransport> trackSessions = List.of();
    private volatile InterleavedFrameDecoder framing;
    private volatile String lastProblem;

    /** Set on the event loop; read by close() and the keep-alive from other threads: volatile. */
    private volatile Channel channel;
    private InetAddress serverAddress;
    private final RtspRequests requests;
    private final TrackTransport[] channelMap = new TrackTransport[256];
    private final boolean[] channelIsRtcp = new boolean[256];
    /** This connection's handshake and what it learnt (session id, control URL); a new one per connection. */
    private volatile RtspHandshake handshake; // read by diagnostics (tool) from other threads
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private long lastReadNanos;
    /** The first bytes the camera sent (to say what answered when it is not RTSP), and whether an RTSP reply came. */
    private final byte[] firstBytes = new byte[48];
    private int firstBytesLength;
    private boolean rtspReplySeen;
    private boolean closeReported;

    public RtspSession(EventLoopGroup group, RtspUrl url, Credentials credentials, RtspClientOptions options,
                       TrackSinks sinks, Listener listener) {
        this.group = group;
        this.url = url;
        this.options = options;
        this.sinks = sinks;
        this.listener = listener;
        this.transport = options.transport();
        this.authenticator = new Authenticator(credentials != null ? credentials : url.credentials());
        this.requests = new RtspRequests(options, authenticator, new RtspRequests.Session() {
            @Override
            public String sessionId() {
                RtspHandshake h = handshake;
                return h == null ? null : h.sessionId();
            }

            @Override
            public boolean playing() {
                return state == SessionState.PLAYING;
            }

            @Override
            public RtspFailure timedOut(HttpMethod method) {
                RtspFailure notRtsp = notRtsp();
                return notRtsp != null ? notRtsp : new RtspFailure(RtspFailure.Kind.TIMEOUT, "no reply to " + method + " within "
                        + options.requestTimeoutMillis() / 1000 + " s");
            }

            @Override
            public void fail(RtspFailure failure, boolean teardown) {
                shutdown(failure, teardown); // nothing once closed
            }
        });
    }

    /** Connects and runs the handshake; returns at once. */
    public void start() {
        if (state != SessionState.IDLE) {
            throw new IllegalStateException("session already started");
        }
        connect();
    }

    /** Sends TEARDOWN (without waiting) and closes; {@link Listener#onClosed} gets a null failure. */
    public void stop() {
        Channel ch = channel;
        if (ch == null) {
            state = SessionState.CLOSED;
            report(null);
            return;
        }
        ch.eventLoop().execute(() -> shutdown(null, true));
    }

    /** Ends the session with a failure decided outside it (e.g. the supervisor's stall detector). */
    public void abort(RtspFailure failure) {
        Channel ch = channel;
        if (ch == null) {
            state = SessionState.CLOSED;
            report(failure);
            return;
        }
        ch.eventLoop().execute(() -> shutdown(failure, true));
    }

    // ---------------------------------------------------------------- diagnostics (any thread)

    public RtspUrl url() {
        return url;
    }

    /** The camera's Server header (firmware inventory), or null. */
    public String server() {
        return server;
    }

    /** The SDP's a=tool or s= line, or null. */
    public String tool() {
        RtspHandshake h = handshake;
        return h == null ? null : h.tool();
    }

    public Transport transport() {
        return transport;
    }

    public String authScheme() {
        return authenticator.scheme();
    }

    public List<MediaTrack> tracks() {
        return tracks;
    }

    /** SDP media we could not record ("audio/PCMA"). */
    public List<String> unsupportedTracks() {
        return unsupportedTracks;
    }

    /** Receivers of the tracks being played. */
    public List<TrackReceiver> receivers() {
        List<TrackReceiver> out = new ArrayList<>();
        for (TrackTransport t : trackSessions) {
            out.add(t.receiver);
        }
        return out;
    }

    /** Framing statistics of the control connection (garbage skipped, frames, messages), or null. */
    public InterleavedFrameDecoder framing() {
        return framing;
    }

    public boolean playing() {
        return state == SessionState.PLAYING;
    }

    /** The last oddity worth telling a technician (quirk handled, problem skipped), or null. */
    public String lastProblem() {
        return lastProblem;
    }

    // ---------------------------------------------------------------- connection

    private void connect() {
        moveTo(SessionState.CONNECTING);
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(io.nightjar.recorder.net.Transports.socket(group))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, options.connectTimeoutMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_RCVBUF, 1 << 20)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        InterleavedFrameDecoder decoder = new InterleavedFrameDecoder(RtspSession.this::onInterleavedFrame);
                        framing = decoder;
                        ch.pipeline()
                                .addLast("read-clock", new ReadClock())
                                .addLast("framing", decoder)
                                .addLast("rtsp-decoder", InterleavedFrameDecoder.newRtspDecoder())
                                .addLast("aggregator", new HttpObjectAggregator(InterleavedFrameDecoder.MAX_BODY))
                                .addLast("rtsp-encoder", new RtspEncoder())
                                .addLast("session", new Handler());
                    }
                });
        ChannelFuture f = b.connect(url.host(), url.port());
        channel = f.channel();
        requests.on(channel);
        f.addListener((ChannelFutureListener) future -> {
            if (state == SessionState.CLOSED) {
                return; // stopped while connecting
            }
            if (!future.isSuccess()) {
                shutdown(new RtspFailure(RtspFailure.Kind.UNREACHABLE, describeConnectFailure(future.cause())), false);
                return;
            }
            serverAddress = ((InetSocketAddress) future.channel().remoteAddress()).getAddress();
            lastReadNanos = System.nanoTime();
            schedule(this::checkReadTimeout, 1000, 1000);
            handshake = new RtspHandshake(url, handshakeSteps(), sessionIdChanges);
            handshake.begin();
        });
    }

    private String describeConnectFailure(Throwable cause) {
        String where = url.host() + ":" + url.port();
        if (cause instanceof UnknownHostException) {
            return "unknown host " + url.host();
        }
        if (cause instanceof ConnectException) {
            String m = cause.getMessage() == null ? "" : cause.getMessage().toLowerCase(Locale.ROOT);
            if (m.contains("refused")) {
                return "connection refused by " + where + " (nothing listening on that port)";
            }
            if (m.contains("timed out")) {
                return "no answer from " + where + " within " + options.connectTimeoutMillis() + " ms";
            }
            return "cannot connect to " + where + ": " + cause.getMessage();
        }
        if (cause != null && cause.getClass().getSimpleName().contains("ConnectTimeout")) {
            return "no answer from " + where + " within " + options.connectTimeoutMillis() + " ms";
        }
        return "cannot connect to " + where + ": " + cause;
    }

    private void checkReadTimeout() {
        if (state == SessionState.CLOSED) {
            return;
        }
        boolean mediaOnThisConnection = state != SessionState.PLAYING || transport == Transport.TCP;
        long idleMillis = (System.nanoTime() - lastReadNanos) / 1_000_000L;
        if (mediaOnThisConnection && idleMillis >= options.readTimeoutMillis()) {
            RtspFailure notRtsp = notRtsp();
            shutdown(notRtsp != null ? notRtsp : new RtspFailure(RtspFailure.Kind.TIMEOUT, "no data from the camera for " + idleMillis / 1000
                    + " s (" + state.words() + ")"), true);
        }
    }

    // ---------------------------------------------------------------- handshake (RtspHandshake's steps)

    private void moveTo(SessionState next) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("RTSP session cannot go from " + state + " to " + next);
        }
        state = next;
    }

    /** The tracks to record from the camera's SDP, each with its sink; fails the session when there are none. */
    private List<TrackTransport> openTracks(SessionDescription sdp, String baseUrl) {
        MediaTrack.Selection selection = MediaTrack.select(sdp.media(), baseUrl);
        unsupportedTracks = List.copyOf(selection.unsupported());
        List<MediaTrack> chosen = new ArrayList<>();
        List<TrackTransport> sessions = new ArrayList<>();
        for (MediaTrack t : selection.supported()) {
            MediaSink sink = sinks.sinkFor(t, selection.supported().indexOf(t));
            if (sink != null) {
                chosen.add(t);
                sessions.add(new TrackTransport(t, sink, options, transport, serverAddress, reporterSsrc, CNAME, this::problem,
                        unknownChannelFrames, receiverReportsSent));
            }
        }
        if (chosen.isEmpty()) {
            String offered = selection.unsupported().isEmpty() ? "no media at all" : String.join(", ", selection.unsupported());
            shutdown(new RtspFailure(RtspFailure.Kind.NO_SUPPORTED_TRACK,
                    "no H.264 or H.265 video track (camera offers " + offered + ")"), true);
            return List.of();
        }
        tracks = List.copyOf(chosen);
        trackSessions = List.copyOf(sessions);
        // A new timing run starts now, before SETUP: sender reports may come before the PLAY reply.
        FlowControl flow = new ChannelFlowControl();
        for (TrackTransport t : sessions) {
            t.sink.onSessionStart(flow);
        }
        return trackSessions;
    }

    private RtspHandshake.Steps handshakeSteps() {
        return new RtspHandshake.Steps() {
            @Override
            public void moveTo(SessionState next) {
                RtspSession.this.moveTo(next);
            }

            @Override
            public void send(HttpMethod method, String uri, Map<String, String> headers, Consumer<FullHttpResponse> onReply,
                             boolean optional) {
                requests.send(method, uri, headers, onReply, optional);
            }

            @Override
            public Transport transport() {
                return transport;
            }

            @Override
            public List<TrackTransport> openTracks(SessionDescription sdp, String baseUrl) {
                return RtspSession.this.openTracks(sdp, baseUrl);
            }

            @Override
            public void bindUdp(TrackTransport t, Consumer<Boolean> bound) {
                t.bindUdp(channel.eventLoop(), MAX_BIND_ATTEMPTS, ok -> {
                    if (state == SessionState.CLOSED) {
                        t.releasePorts(); // stopped while the ports were being bound: let them go
                        return;
                    }
                    bound.accept(ok);
                });
            }

            @Override
            public void mapChannels(TrackTransport t, int rtp, int rtcp) {
                RtspSession.this.mapChannels(t, rtp, rtcp);
            }

            @Override
            public void fallBackToTcp(String why) {
                RtspSession.this.fallBackToTcp(why);
            }

            @Override
            public void fail(RtspFailure failure) {
                shutdown(failure, true);
            }

            @Override
            public void problem(String what) {
                lastProblem = what;
            }

            @Override
            public void playing() {
                startStreamingTimers();
                listener.onPlaying(RtspSession.this);
            }
        };
    }

    private void mapChannels(TrackTransport t, int rtp, int rtcp) {
        for (int i = 0; i < channelMap.length; i++) {
            if (channelMap[i] == t) {
                channelMap[i] = null;
            }
        }
        channelMap[rtp] = t;
        channelIsRtcp[rtp] = false;
        channelMap[rtcp] = t;
        channelIsRtcp[rtcp] = true;
        t.rtcpChannel = rtcp;
    }

    private void startStreamingTimers() {
        long keepalive = Math.max(1000L, Math.min(MAX_KEEPALIVE_MILLIS, handshake.session().timeoutSeconds() * 1000L / 2));
        schedule(this::keepalive, keepalive, keepalive);
        schedule(this::sendReceiverReports, 1000, RECEIVER_REPORT_MILLIS);
        if (transport == Transport.UDP) {
            schedule(this::expireReorder, 20, 20);
            channel.eventLoop().schedule(this::checkUdpFlowing, options.udpFallbackMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void keepalive() {
        if (state != SessionState.PLAYING) {
            return;
        }
        keepalivesSent.increment();
        boolean getParameter = handshake.getParameterSupported();
        HttpMethod m = getParameter ? RtspMethods.GET_PARAMETER : RtspMethods.OPTIONS;
        requests.send(m, getParameter ? handshake.sessionControlUrl() : url.toString(), null, r -> {
        }, true);
    }

    private void sendReceiverReports() {
        if (state != SessionState.PLAYING) {
            return;
        }
        for (TrackTransport t : trackSessions) {
            t.sendReceiverReport(channel);
        }
    }

    private void expireReorder() {
        for (TrackTransport t : trackSessions) {
            t.receiver.expireReorder();
        }
    }

    private void checkUdpFlowing() {
        if (state != SessionState.PLAYING || transport != Transport.UDP) {
            return;
        }
        for (TrackTransport t : trackSessions) {
            if (t.receiver.lastPacketNanos() != 0) {
                return;
            }
        }
        fallBackToTcp("no UDP packets within " + options.udpFallbackMillis() + " ms of PLAY (firewall or NAT?)");
    }

    private void fallBackToTcp(String why) {
        if (state == SessionState.CLOSED) {
            return;
        }
        LOG.info("{}: {}; switching to TCP interleaved", url, why);
        lastProblem = why + "; switched to TCP";
        Channel old = channel;
        teardownQuietly();
        cancelTimers();
        for (TrackTransport t : trackSessions) {
            t.close();
        }
        trackSessions = List.of();
        java.util.Arrays.fill(channelMap, null);
        failPending();
        handshake = null;
        transport = Transport.TCP;
        moveTo(SessionState.IDLE);
        if (old != null) {
            old.pipeline().remove("session");
            old.close();
        }
        connect();
    }

    // ---------------------------------------------------------------- requests and replies

    /**
     * When the peer sent bytes but never an RTSP reply: a failure saying that something answers on
     * the port but not in RTSP, and what it sent (printable characters only); otherwise null.
     */
    private RtspFailure notRtsp() {
        if (rtspReplySeen || firstBytesLength == 0) {
            return null;
        }
        StringBuilder sent = new StringBuilder();
        for (int i = 0; i < firstBytesLength; i++) {
            char c = (char) (firstBytes[i] & 0xFF);
            sent.append(c >= 0x20 && c < 0x7F ? c : c == '\r' || c == '\n' ? ' ' : '.');
        }
        return new RtspFailure(RtspFailure.Kind.PROTOCOL, "something answers on port " + url.port()
                + " but not in RTSP (it sent \"" + sent.toString().trim() + "\"): is this the camera's RTSP port (usually 554)?");
    }

    private void onResponse(FullHttpResponse r) {
        if (!"RTSP".equals(r.protocolVersion().protocolName())) {
            shutdown(new RtspFailure(RtspFailure.Kind.PROTOCOL, "the camera answers in " + r.protocolVersion().text()
                    + " (" + r.status().code() + "), not RTSP: is port " + url.port() + " its web port? RTSP is usually on 554"), false);
            return;
        }
        rtspReplySeen = true;
        String srv = r.headers().get("Server");
        if (srv != null && server == null) {
            server = srv.trim();
        }
        requests.onReply(r);
    }

    private void onServerRequest(ChannelHandlerContext ctx, FullHttpRequest req) {
        serverRequests.increment();
        HttpMethod m = req.method();
        boolean known = m.equals(RtspMethods.OPTIONS) || m.equals(RtspMethods.GET_PARAMETER)
                || m.equals(RtspMethods.SET_PARAMETER) || m.equals(RtspMethods.ANNOUNCE);
        FullHttpResponse resp = new DefaultFullHttpResponse(RtspVersions.RTSP_1_0,
                known ? HttpResponseStatus.OK : HttpResponseStatus.NOT_IMPLEMENTED);
        String cseqHeader = req.headers().get(RtspHeaderNames.CSEQ);
        if (cseqHeader != null) {
            resp.headers().set(RtspHeaderNames.CSEQ, cseqHeader);
        }
        if (m.equals(RtspMethods.OPTIONS)) {
            resp.headers().set(RtspHeaderNames.PUBLIC, "OPTIONS, GET_PARAMETER, SET_PARAMETER, ANNOUNCE");
        }
        resp.headers().set(RtspHeaderNames.CONTENT_LENGTH, 0);
        ctx.writeAndFlush(resp);
    }

    // ---------------------------------------------------------------- media dispatch

    private void onInterleavedFrame(int ch, ByteBuf buf, int index, int length) {
        TrackTransport t = channelMap[ch];
        if (t == null) {
            unknownChannelFrames.increment();
            return;
        }
        if (channelIsRtcp[ch]) {
            t.receiver.onRtcp(buf, index, length);
        } else {
            t.receiver.onRtp(buf, index, length);
        }
    }

    // ---------------------------------------------------------------- shutdown

    private void shutdown(RtspFailure failure, boolean teardown) {
        if (state == SessionState.CLOSED) {
            return;
        }
        if (teardown) {
            teardownQuietly();
        }
        moveTo(SessionState.CLOSED);
        cancelTimers();
        failPending();
        for (TrackTransport t : trackSessions) {
            t.close();
        }
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
        if (failure != null) {
            lastProblem = failure.message();
        }
        report(failure);
    }

    private void report(RtspFailure failure) {
        synchronized (this) {
            if (closeReported) {
                return;
            }
            closeReported = true;
        }
        try {
            listener.onClosed(this, failure);
        } catch (RuntimeException e) {
            LOG.error("session listener failed", e);
        }
    }

    private void teardownQuietly() {
        RtspHandshake h = handshake;
        if (h == null || h.session() == null || channel == null || !channel.isActive()) {
            return;
        }
        requests.sendAndForget(RtspMethods.TEARDOWN, h.sessionControlUrl() != null ? h.sessionControlUrl() : url.toString());
    }

    private void failPending() {
        requests.forgetPending();
    }

    private void schedule(Runnable task, long initialMillis, long periodMillis) {
        timers.add(channel.eventLoop().scheduleAtFixedRate(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("{}: periodic task failed", url, e);
            }
        }, initialMillis, periodMillis, TimeUnit.MILLISECONDS));
    }

    private void cancelTimers() {
        for (ScheduledFuture<?> f : timers) {
            f.cancel(false);
        }
        timers.clear();
    }

    @Override
    public String toString() {
        return "RtspSession{" + url + ", " + state + ", " + transport + "}";
    }

    // ---------------------------------------------------------------- inner classes

    /** Marks when the connection last delivered bytes, for the read timeout. */
    private final class ReadClock extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            lastReadNanos = System.nanoTime();
            if (firstBytesLength < firstBytes.length && msg instanceof io.netty.buffer.ByteBuf b) {
                int n = Math.min(firstBytes.length - firstBytesLength, b.readableBytes());
                b.getBytes(b.readerIndex(), firstBytes, firstBytesLength, n);
                firstBytesLength += n;
            }
            ctx.fireChannelRead(msg);
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpMessage> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpMessage msg) {
            if (msg.decoderResult().isFailure()) {
                badMessages.increment();
                lastProblem = "unreadable RTSP message from the camera: " + msg.decoderResult().cause();
                ctx.pipeline().get(RtspDecoder.class).reset();
                return;
            }
            if (msg instanceof FullHttpResponse) {
                onResponse((FullHttpResponse) msg);
            } else if (msg instanceof FullHttpRequest) {
                onServerRequest(ctx, (FullHttpRequest) msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (state != SessionState.CLOSED) {
                RtspFailure notRtsp = notRtsp();
                shutdown(notRtsp != null ? notRtsp : new RtspFailure(RtspFailure.Kind.CLOSED, "the camera closed the connection during "
                        + state.words()), false);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (state == SessionState.CLOSED) {
                return;
            }
            if (cause instanceof IOException) {
                shutdown(new RtspFailure(RtspFailure.Kind.CLOSED, "connection lost: " + cause.getMessage()), false);
            } else {
                LOG.warn("{}: unexpected error on the RTSP connection", url, cause);
                shutdown(new RtspFailure(RtspFailure.Kind.PROTOCOL, "unexpected error: " + cause), true);
            }
        }
    }

    /** Pauses and resumes whichever channels carry this session's media. */
    private final class ChannelFlowControl implements FlowControl {
        @Override
        public void pauseReading() {
            setAutoRead(false);
        }

        @Override
        public void resumeReading() {
            setAutoRead(true);
        }

        private void setAutoRead(boolean on) {
            if (transport == Transport.TCP) {
                channel.config().setAutoRead(on);
            } else {
                for (TrackTransport t : trackSessions) {
                    if (t.udpRtp != null) {
                        t.udpRtp.config().setAutoRead(on);
                    }
                }
            }
        }

        @Override
        public void schedule(Runnable task, long delay, TimeUnit unit) {
            channel.eventLoop().schedule(task, delay, unit);
        }
    }

    /** A handled oddity of a track's stream, kept for the technician and logged. */
    private void problem(MediaTrack track, String what) {
        lastProblem = what;
        LOG.info("{} {}: {}", url, track.codec(), what);
    }

    /** RTCP canonical name; random per process (looking up the host name could block the event loop). */
    private static final String CNAME = "nightjar-" + Long.toHexString(new java.security.SecureRandom().nextLong());

    /** Frames and messages seen, for diagnostics. */
    public Map<String, Long> framingCounters() {
        InterleavedFrameDecoder f = framing;
        if (f == null) {
            return Collections.emptyMap();
        }
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("frames", f.frames.get());
        m.put("messages", f.messages.get());
        m.put("garbageBytes", f.garbageBytes.get());
        m.put("unknownChannelFrames", unknownChannelFrames.get());
        return m;
    }
}
