package io.nightjar.api.rtsp;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspResponseStatuses;
import io.netty.handler.codec.rtsp.RtspVersions;
import io.nightjar.api.auth.Principal;
import io.nightjar.api.auth.Role;
import io.nightjar.api.live.LiveFrame;
import io.nightjar.api.live.LiveQueue;
import io.nightjar.api.live.LiveSubscriber;
import io.nightjar.api.service.Caller;
import io.nightjar.api.service.Live;
import io.nightjar.api.service.LiveFeed;
import io.nightjar.recorder.media.CodecConfig;
import io.nightjar.recorder.ring.StreamRef;
import io.nightjar.recorder.rtsp.TransportHeader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RTSP connection: answers OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN, GET_PARAMETER and
 * SET_PARAMETER, and owns the sessions set up on it (they end with it). Every request is checked:
 * a bad URL, header or state is a 4xx with a reason, never a closed socket.
 */
final class RtspConnection extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(RtspConnection.class);
    static final int MAX_SESSIONS_PER_CONNECTION = 16;

    private final RtspServer server;
    private final Map<String, ServerSession> sessions = new LinkedHashMap<>();
    private ChannelHandlerContext raw;

    RtspConnection(RtspServer server) {
        this.server = server;
    }

    private ChannelHandlerContext self;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        raw = ctx.pipeline().context("raw");
        self = ctx;
    }

    /** Expires idle UDP sessions on this connection's event loop. */
    void expireIdleLater() {
        if (self != null) {
            self.executor().execute(this::expireIdle);
        }
    }

    /** Closes the connection (server shutdown). */
    void closeNow() {
        if (self != null) {
            self.close();
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        lastRequestNanos = System.nanoTime();
        String cseq = cseqOf(req);
        FullHttpResponse res;
        try {
            if (!req.decoderResult().isSuccess()) {
                res = error(RtspResponseStatuses.BAD_REQUEST, "malformed request");
            } else if (cseq == null && req.headers().contains(RtspHeaderNames.CSEQ)) {
                res = error(RtspResponseStatuses.BAD_REQUEST, "CSeq must be a number (RFC 2326 12.17)");
            } else {
                res = handle(ctx, req);
            }
        } catch (IllegalArgumentException e) {
            res = error(RtspResponseStatuses.BAD_REQUEST, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("RTSP {} {} failed", req.method(), req.uri(), e);
            res = error(RtspResponseStatuses.INTERNAL_SERVER_ERROR, "internal error");
        }
        if (res == null) {
            return; // answered later (DESCRIBE waiting for the first frame)
        }
        send(ctx, cseq, res);
    }

    /**
     * The request's CSeq if it is a number (echoed in the answer), else null. Found by
     * RtspServerInputFuzz: a CSeq with a character a header may not hold was echoed, Netty refused
     * the answer, and the connection closed without one.
     */
    private static String cseqOf(FullHttpRequest req) {
        return numericCSeq(req.headers().get(RtspHeaderNames.CSEQ));
    }

    /** {@code c} trimmed if it is what a CSeq can be (1 to 10 digits), else null; also for answers written raw. */
    static String numericCSeq(String c) {
        if (c == null) {
            return null;
        }
        String t = c.trim();
        if (t.isEmpty() || t.length() > 10) {
            return null;
        }
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) < '0' || t.charAt(i) > '9') {
                return null;
            }
        }
        return t;
    }

    private void send(ChannelHandlerContext ctx, String cseq, FullHttpResponse res) {
        if (cseq != null) {
            res.headers().set(RtspHeaderNames.CSEQ, cseq);
        }
        res.headers().set(RtspHeaderNames.SERVER, "Nightjar/0.1");
        res.headers().setInt(RtspHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
        ctx.writeAndFlush(res);
    }

    private FullHttpResponse handle(ChannelHandlerContext ctx, FullHttpRequest req) {
        String method = req.method().name();
        if (method.equals("OPTIONS")) {
            FullHttpResponse r = ok();
            r.headers().set(RtspHeaderNames.PUBLIC, "OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN, GET_PARAMETER, SET_PARAMETER");
            return r;
        }
        if (method.equals("GET_PARAMETER") || method.equals("SET_PARAMETER")) {
            touch(req);
            return ok();
        }
        RtspTarget target = withDescribedQuery(method, RtspTarget.parse(req.uri()));
        Authentication a = authenticate(ctx, req, target);
        if (a.refused() != null) {
            FullHttpResponse busy = error(RtspResponseStatuses.SERVICE_UNAVAILABLE, a.refused().reason() + "; try again later");
            busy.headers().set("Retry-After", Long.toString(a.refused().retryAfterSeconds()));
            return busy;
        }
        Principal p = a.principal();
        if (p == null) {
            return unauthorized(a.staleNonce());
        }
        if (!p.role().atLeast(Role.viewer) || !p.mayAccess(target.stream().cameraId())) {
            return error(RtspResponseStatuses.FORBIDDEN, "no access to camera " + target.stream().cameraId());
        }
        if (!server.cameraExists(target.stream().cameraId())) {
            return error(RtspResponseStatuses.NOT_FOUND, "no camera '" + target.stream().cameraId() + "'");
        }
        return switch (method) {
            case "DESCRIBE" -> describe(ctx, req, target, new Caller(p, remote(ctx)));
            case "SETUP" -> setup(ctx, req, target, p);
            case "PLAY" -> play(ctx, req);
            case "PAUSE" -> pause(req);
            case "TEARDOWN" -> teardown(req);
            default -> error(RtspResponseStatuses.METHOD_NOT_ALLOWED, method + " is not supported");
        };
    }

    /**
     * Keeps a presentation's query ({@code ?start=..&end=..&token=..}) through its session. Clients
     * build SETUP and PLAY URLs from {@code Content-Base} and the SDP's {@code a=control}, which by
     * URL resolution drop the query (ffmpeg and GStreamer both do): without this a playback URL
     * plays live and a token URL is refused at SETUP. A DESCRIBE sets (or, without a query, clears)
     * what later requests for the same stream on this connection inherit; the query is never echoed
     * back, so a token in it is not either.
     */
    private RtspTarget withDescribedQuery(String method, RtspTarget target) {
        if (method.equals("DESCRIBE")) {
            described.remove(target.stream());
            if (target.hasQuery()) {
                if (described.size() >= MAX_DESCRIBED) {
                    described.remove(described.keySet().iterator().next());
                }
                described.put(target.stream(), target);
            }
            return target;
        }
        RtspTarget d = described.get(target.stream());
        return d != null && !target.hasQuery() ? target.withQueryOf(d) : target;
    }

    /** Presentations described on one connection whose query is remembered (oldest forgotten first). */
    static final int MAX_DESCRIBED = 16;
    private final Map<StreamRef, RtspTarget> described = new LinkedHashMap<>();

    /**
     * Who a request is, or why not.
     *
     * @param principal  the user, or null
     * @param refused    the guessing limiter's refusal (answered 503 with Retry-After), or null
     * @param staleNonce the Digest answer was computed with a nonce this connection may no longer use
     *                   (the 401 says {@code stale=true}, so the client retries without asking its user)
     */
    private record Authentication(Principal principal, io.nightjar.api.auth.AuthGuard.Decision refused, boolean staleNonce) {
        static Authentication of(Principal p) {
            return new Authentication(p, null, false);
        }
    }

    /** Token or Digest, through the server's one guessing limiter (the Digest header is parsed once). */
    private Authentication authenticate(ChannelHandlerContext ctx, FullHttpRequest req, RtspTarget target) {
        if (!server.authRequired()) {
            return Authentication.of(new Principal("anonymous", Role.viewer, java.util.Set.of("*"), "none"));
        }
        io.nightjar.api.auth.AuthGuard guard = server.authGuard();
        String source = remote(ctx);
        if (target.token() != null) {
            io.nightjar.api.auth.AuthGuard.Decision d = guard.check(source, null);
            if (!d.allowed()) {
                return new Authentication(null, d, false);
            }
            Principal t = server.users().authenticateToken(target.token());
            if (t != null) {
                return Authentication.of(t);
            }
            guard.failed(source, null);
        }
        String auth = req.headers().get(RtspHeaderNames.AUTHORIZATION);
        if (auth == null) {
            return Authentication.of(null); // the first request of a client: it is told how to authenticate
        }
        java.util.Map<String, String> digest = RtspDigest.parse(auth);
        io.nightjar.api.auth.AuthGuard.Decision d = guard.check(source, digest == null ? null : digest.get("username"));
        if (!d.allowed()) {
            return new Authentication(null, d, false);
        }
        RtspDigest.Result r = server.digest().verifyParams(req.method().name(), req.uri(), digest, digestPeer);
        if (r.principal() == null) {
            if (r.failed() || r.user() == null) {
                guard.failed(source, r.user());
            }
            return new Authentication(null, null, r.stale());
        }
        guard.succeeded(source, r.user());
        return Authentication.of(r.principal());
    }

    private final RtspDigest.Peer digestPeer = new RtspDigest.Peer();

    private FullHttpResponse unauthorized(boolean staleNonce) {
        if (!server.users().digestEnabled()) {
            return error(RtspResponseStatuses.UNAUTHORIZED, "authentication required: add ?token=<API token> to the URL "
                    + "(RTSP Digest is off on this server: server.rtspDigest)");
        }
        FullHttpResponse r = error(RtspResponseStatuses.UNAUTHORIZED, "authentication required");
        for (String c : server.digest().challenges(staleNonce, digestPeer)) {
            r.headers().add(RtspHeaderNames.WWW_AUTHENTICATE, c);
        }
        return r;
    }

    private FullHttpResponse describe(ChannelHandlerContext ctx, FullHttpRequest req, RtspTarget target, Caller caller) {
        ClockRange range = ClockRange.parseQuery(target.start(), target.end());
        String cseq = cseqOf(req);
        if ((range != null || req.headers().contains("Require")) && server.recordings() == null) {
            return error(RtspResponseStatuses.NOT_FOUND, "this server has no recordings");
        }
        if (range != null || req.headers().contains("Require")) {
            long from = range != null ? range.from() : System.currentTimeMillis() * 1000 - 60_000_000L;
            server.playbackExecutor().execute(() -> {
                FullHttpResponse r;
                try {
                    CodecConfig c = target.stream().kind() == StreamRef.Kind.MAIN
                            ? server.recordings().playbackConfig(target.stream().cameraId(), from).orElse(null) : null;
                    r = c == null ? error(RtspResponseStatuses.NOT_FOUND, "nothing recorded for " + target.stream() + " from "
                            + ClockRange.format(from)) : sdp(target, c, "clock=" + ClockRange.format(from) + "-");
                } catch (java.io.IOException | RuntimeException e) {
                    r = error(RtspResponseStatuses.INTERNAL_SERVER_ERROR, "cannot read the recording: " + e.getMessage());
                }
                FullHttpResponse answer = r;
                ctx.channel().eventLoop().execute(() -> send(ctx, cseq, answer));
            });
            return null;
        }
        CodecConfig c = server.live().config(caller, target.stream().cameraId(), stream(target.stream()));
        if (c != null) {
            return sdp(target, c, "npt=now-");
        }
        waitForConfig(ctx, cseq, target, caller, System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
        return null;
    }

    private void waitForConfig(ChannelHandlerContext ctx, String cseq, RtspTarget target, Caller caller, long deadline) {
        ctx.executor().schedule(() -> {
            CodecConfig c = server.live().config(caller, target.stream().cameraId(), stream(target.stream()));
            if (c != null) {
                send(ctx, cseq, sdp(target, c, "npt=now-"));
            } else if (System.nanoTime() > deadline) {
                send(ctx, cseq, error(RtspResponseStatuses.SERVICE_UNAVAILABLE, target.stream() + " is not streaming (camera offline?)"));
            } else {
                waitForConfig(ctx, cseq, target, caller, deadline);
            }
        }, 100, TimeUnit.MILLISECONDS);
    }

    private FullHttpResponse sdp(RtspTarget target, CodecConfig c, String range) {
        byte[] body = SdpWriter.describe("Nightjar " + target.stream(), c, range).getBytes(StandardCharsets.US_ASCII);
        FullHttpResponse r = new DefaultFullHttpResponse(RtspVersions.RTSP_1_0, RtspResponseStatuses.OK, Unpooled.wrappedBuffer(body));
        r.headers().set(RtspHeaderNames.CONTENT_TYPE, "application/sdp");
        r.headers().set(RtspHeaderNames.CONTENT_BASE, target.base() + "/");
        return r;
    }

    private FullHttpResponse setup(ChannelHandlerContext ctx, FullHttpRequest req, RtspTarget target, Principal p) {
        String th = req.headers().get(RtspHeaderNames.TRANSPORT);
        if (th == null) {
            return error(RtspResponseStatuses.BAD_REQUEST, "SETUP needs a Transport header");
        }
        TransportHeader t = TransportHeader.parse(th.split(",")[0]);
        String sessionId = sessionId(req);
        ServerSession s = sessionId == null ? null : sessions.get(sessionId);
        if (sessionId != null && s == null) {
            return error(RtspResponseStatuses.SESSION_NOT_FOUND, "no session " + sessionId);
        }
        if (s == null) {
            if (sessions.size() >= MAX_SESSIONS_PER_CONNECTION) {
                return error(RtspResponseStatuses.NOT_ENOUGH_BANDWIDTH, "too many sessions on one connection (at most "
                        + MAX_SESSIONS_PER_CONNECTION + ")");
            }
            String refused = server.reserveSession(p.user());
            if (refused != null) {
                return error(RtspResponseStatuses.NOT_ENOUGH_BANDWIDTH, refused);
            }
            s = new ServerSession(io.nightjar.api.auth.PasswordHasher.randomSecret(9).replace('-', 'x').replace('_', 'y'), target, p);
            sessions.put(s.id, s);
        } else if (s.playing()) {
            return error(RtspResponseStatuses.METHOD_NOT_VALID, "SETUP while playing is not supported");
        }
        String transport;
        if (t.tcp()) {
            int ch = t.interleavedRtp() >= 0 ? t.interleavedRtp() : 0;
            if (ch > 253) {
                return error(RtspResponseStatuses.UNSUPPORTED_TRANSPORT, "interleaved channel " + ch + " out of range");
            }
            s.out = PacketOut.tcp(raw, ch);
            transport = "RTP/AVP/TCP;unicast;interleaved=" + ch + "-" + (ch + 1);
        } else {
            int clientRtp = t.clientRtpPort();
            if (clientRtp <= 0 || server.udpRtp() == null) {
                return error(RtspResponseStatuses.UNSUPPORTED_TRANSPORT, "UDP needs client_port (or use RTP/AVP/TCP)");
            }
            InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
            s.out = PacketOut.udp(server.udpRtp(), server.udpRtcp(), new InetSocketAddress(remote.getAddress(), clientRtp),
                    new InetSocketAddress(remote.getAddress(), clientRtp + 1));
            transport = "RTP/AVP;unicast;client_port=" + clientRtp + "-" + (clientRtp + 1) + ";server_port=" + server.udpRtpPort() + "-"
                    + (server.udpRtpPort() + 1);
        }
        FullHttpResponse r = ok();
        r.headers().set(RtspHeaderNames.TRANSPORT, transport);
        r.headers().set(RtspHeaderNames.SESSION, s.id + ";timeout=" + server.sessionTimeoutSeconds());
        return r;
    }

    private FullHttpResponse play(ChannelHandlerContext ctx, FullHttpRequest req) {
        ServerSession s = session(req);
        if (s == null) {
            return error(RtspResponseStatuses.SESSION_NOT_FOUND, "PLAY needs the Session of a SETUP");
        }
        if (s.out == null) {
            return error(RtspResponseStatuses.METHOD_NOT_VALID, "PLAY before SETUP");
        }
        ClockRange range = ClockRange.parseHeader(req.headers().get(RtspHeaderNames.RANGE));
        if (range == null) {
            range = ClockRange.parseQuery(s.target.start(), s.target.end());
        }
        if (range == null && s.pausedAt != Long.MIN_VALUE && s.target.start() != null) {
            range = new ClockRange(s.pausedAt, Long.MAX_VALUE);
        }
        s.stopDelivery();
        FullHttpResponse r = ok();
        r.headers().set(RtspHeaderNames.SESSION, s.id + ";timeout=" + server.sessionTimeoutSeconds());
        String url = s.target.base() + "/trackID=0";
        if (range != null) {
            if (server.recordings() == null) {
                return error(RtspResponseStatuses.NOT_FOUND, "this server has no recordings");
            }
            if (s.target.stream().kind() != StreamRef.Kind.MAIN) {
                return error(RtspResponseStatuses.NOT_FOUND, "only the main stream is recorded");
            }
            double scale = scale(req);
            ServerSession session = s;
            String camera = s.target.stream().cameraId();
            s.playback = new PlaybackReader(server.recordings().play(new Caller(s.principal, remote(ctx)), camera, range.from(), range.to(),
                    "rtsp"), camera, range.from(), scale, s.out, ctx.channel(), server.playbackExecutor(), () -> { });
            r.headers().set(RtspHeaderNames.RANGE, "clock=" + ClockRange.format(range.from()) + "-"
                    + (range.to() == Long.MAX_VALUE ? "" : ClockRange.format(range.to())));
            if (scale != 1.0) {
                r.headers().set(RtspHeaderNames.SCALE, String.valueOf(scale));
            }
            send(ctx, cseqOf(req), r);
            session.playback.start();
            return null;
        }
        LiveFeed feed = server.live().open(new Caller(s.principal, remote(ctx)), s.target.stream().cameraId(), stream(s.target.stream()),
                "rtsp");
        long[] info = feed.source().rtpInfo(feed.stream());
        r.headers().set(RtspHeaderNames.RANGE, "npt=now-");
        r.headers().set(RtspHeaderNames.RTP_INFO, "url=" + url + ";seq=" + info[0] + ";rtptime=" + info[1]);
        send(ctx, cseqOf(req), r);
        PacketOut out = s.out;
        LiveQueue q = new LiveQueue(ctx.channel(), out.tcp() ? f -> writeTcp(out, f) : f -> writeUdp(out, f));
        s.queue = q;
        s.feed = feed;
        s.subscription = feed.source().subscribe(feed.stream(), LiveSubscriber.of(q::offer, ctx::close));
        return null;
    }

    private static Live.Stream stream(StreamRef ref) {
        return ref.kind() == StreamRef.Kind.SUB ? Live.Stream.sub : Live.Stream.main;
    }

    private static void writeTcp(PacketOut out, LiveFrame f) {
        for (int i = 0; i < f.rtpCount(); i++) {
            out.rtp(f.rtp(i));
        }
    }

    private static void writeUdp(PacketOut out, LiveFrame f) {
        f.retain();
        out.udpChannel().eventLoop().execute(() -> {
            try {
                for (int i = 0; i < f.rtpCount(); i++) {
                    out.rtp(f.rtp(i));
                }
                out.flush();
            } finally {
                f.release();
            }
        });
    }

    static double scale(FullHttpRequest req) {
        String v = req.headers().get(RtspHeaderNames.SCALE);
        if (v == null) {
            return 1.0;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (!(d >= 0.1 && d <= 16)) { // written so that NaN fails too
                throw new IllegalArgumentException("Scale must be between 0.1 and 16 (reverse play is not supported)");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Scale '" + v + "' is not a number");
        }
    }

    private FullHttpResponse pause(FullHttpRequest req) {
        ServerSession s = session(req);
        if (s == null) {
            return error(RtspResponseStatuses.SESSION_NOT_FOUND, "no such session");
        }
        s.stopDelivery();
        return ok();
    }

    private FullHttpResponse teardown(FullHttpRequest req) {
        ServerSession s = session(req);
        if (s != null) {
            s.stopDelivery();
            sessions.remove(s.id);
            server.releaseSession(s.principal.user());
        }
        return ok();
    }

    private void touch(FullHttpRequest req) {
        ServerSession s = session(req);
        if (s != null) {
            s.lastSeenNanos = System.nanoTime();
        }
    }

    private ServerSession session(FullHttpRequest req) {
        String id = sessionId(req);
        ServerSession s = id == null ? null : sessions.get(id);
        if (s != null) {
            s.lastSeenNanos = System.nanoTime();
        }
        return s;
    }

    private static String sessionId(FullHttpRequest req) {
        String h = req.headers().get(RtspHeaderNames.SESSION);
        if (h == null) {
            return null;
        }
        int semi = h.indexOf(';');
        return (semi < 0 ? h : h.substring(0, semi)).trim();
    }

    /**
     * Ends what went silent for the session timeout (plus a grace of 10 s): UDP sessions whose
     * client sent no request (a TCP session lives as long as its connection), sessions set up but
     * never played, and then the connection itself when it plays nothing (a client that connected,
     * or described, and left it open). Without this, idle connections pile up until the limit.
     */
    void expireIdle() {
        long limit = System.nanoTime() - TimeUnit.SECONDS.toNanos(server.sessionTimeoutSeconds() + graceSeconds());
        sessions.values().removeIf(s -> {
            boolean silentUdp = s.out != null && !s.out.tcp();
            if ((silentUdp || !s.playing()) && s.lastSeenNanos < limit) {
                LOG.info("RTSP session {} of {} timed out ({})", s.id, s.target.stream(), s.playing() ? "no request from the client" : "never played");
                s.stopDelivery();
                server.releaseSession(s.principal.user());
                return true;
            }
            return false;
        });
        if (sessions.isEmpty() && lastRequestNanos < limit && self != null) {
            LOG.info("RTSP connection {} closed: no request for {} s and nothing playing", self.channel().remoteAddress(),
                    server.sessionTimeoutSeconds() + graceSeconds());
            self.close();
        }
    }

    private volatile long lastRequestNanos = System.nanoTime();
    /** Beyond the timeout announced to clients, so that one sending keep-alives just in time is not cut off (at most the timeout). */
    private int graceSeconds() {
        return Math.min(10, server.sessionTimeoutSeconds());
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            for (ServerSession s : sessions.values()) {
                if (s.queue != null) {
                    s.queue.drain();
                }
            }
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        for (ServerSession s : sessions.values()) {
            s.stopDelivery();
            server.releaseSession(s.principal.user());
        }
        sessions.clear();
        server.connectionClosed(this);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof java.io.IOException)) {
            LOG.warn("RTSP connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        }
        ctx.close();
    }

    private static String remote(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "?";
    }

    private static FullHttpResponse ok() {
        return new DefaultFullHttpResponse(RtspVersions.RTSP_1_0, RtspResponseStatuses.OK, Unpooled.EMPTY_BUFFER);
    }

    private static FullHttpResponse error(HttpResponseStatus status, String message) {
        byte[] body = (message + "\r\n").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(RtspVersions.RTSP_1_0, status, Unpooled.wrappedBuffer(body));
        r.headers().set(RtspHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        return r;
    }
}
