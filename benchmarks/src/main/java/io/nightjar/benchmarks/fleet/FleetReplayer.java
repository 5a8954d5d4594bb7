package io.nightjar.benchmarks.fleet;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.rtsp.RtspEncoder;
import io.netty.handler.codec.rtsp.RtspResponseStatuses;
import io.netty.handler.codec.rtsp.RtspVersions;
import io.nightjar.recorder.rtsp.InterleavedFrameDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Hundreds of RTSP cameras from one process, cheaply: the clips are packetized once at start;
 * each playing session then only writes a 16-byte header (interleaved + RTP, with its own
 * sequence number, timestamp and SSRC) and a slice of the shared payload per packet, paced by its
 * own timer on its event loop. Paths: {@code /cam<N>} (main clip) and {@code /cam<N>/sub}.
 * TCP interleaved, or UDP (RTP datagrams from a socket of the session's own, to the client's port).
 *
 * <p>A frame that finds the socket full is not sent and counted as {@code blocked}: that is the
 * engine falling behind, which a real camera would also experience as a dropped frame. With
 * {@code timestamps}, each frame starts with an SEI NAL unit carrying a frame id whose send time is
 * kept, so readers downstream can measure the latency each frame picked up on the way.
 */
public final class FleetReplayer implements AutoCloseable {
    static final int MTU_PAYLOAD = 1400 - 12;
    /** UUID of the timing SEI (no zero bytes, so no emulation prevention is needed). */
    static final byte[] SEI_UUID = "NightjarFrameId!".getBytes(StandardCharsets.US_ASCII);
    static final int SENT_SLOTS = 1 << 20;

    /** A clip packetized once: per frame, payload slices (without RTP header) and marker flags. */
    static final class Packetized {
        final FleetClip clip;
        final ByteBuf data;
        final int[][] offsets;
        final int[][] lengths;
        final String sdpFmtp;

        Packetized(FleetClip clip) {
            this.clip = clip;
            List<byte[]> payloads = new ArrayList<>();
            int total = 0;
            offsets = new int[clip.frames().size()][];
            lengths = new int[clip.frames().size()][];
            List<int[]> frameRanges = new ArrayList<>();
            for (int f = 0; f < clip.frames().size(); f++) {
                int first = payloads.size();
                List<byte[]> nals = new ArrayList<>(clip.frames().get(f));
                if (clip.keys()[f]) {
                    nals.add(0, clip.pps());
                    nals.add(0, clip.sps());
                }
                for (byte[] nal : nals) {
                    if (nal.length <= MTU_PAYLOAD) {
                        payloads.add(nal);
                        continue;
                    }
                    int pos = 1;
                    boolean start = true;
                    while (pos < nal.length) {
                        int n = Math.min(MTU_PAYLOAD - 2, nal.length - pos);
                        boolean end = pos + n >= nal.length;
                        byte[] p = new byte[2 + n];
                        p[0] = (byte) ((nal[0] & 0xE0) | 28);
                        p[1] = (byte) ((start ? 0x80 : 0) | (end ? 0x40 : 0) | (nal[0] & 0x1F));
                        System.arraycopy(nal, pos, p, 2, n);
                        payloads.add(p);
                        pos += n;
                        start = false;
                    }
                }
                frameRanges.add(new int[] {first, payloads.size()});
            }
            for (byte[] p : payloads) {
                total += p.length;
            }
            data = Unpooled.directBuffer(total);
            int[] at = new int[payloads.size()];
            for (int i = 0; i < payloads.size(); i++) {
                at[i] = data.writerIndex();
                data.writeBytes(payloads.get(i));
            }
            for (int f = 0; f < frameRanges.size(); f++) {
                int[] r = frameRanges.get(f);
                offsets[f] = new int[r[1] - r[0]];
                lengths[f] = new int[r[1] - r[0]];
                for (int i = r[0]; i < r[1]; i++) {
                    offsets[f][i - r[0]] = at[i];
                    lengths[f][i - r[0]] = payloads.get(i).length;
                }
            }
            Base64.Encoder b64 = Base64.getEncoder();
            byte[] sps = clip.sps();
            sdpFmtp = String.format("packetization-mode=1;profile-level-id=%02X%02X%02X;sprop-parameter-sets=%s,%s", sps[1] & 0xFF,
                    sps[2] & 0xFF, sps[3] & 0xFF, b64.encodeToString(sps), b64.encodeToString(clip.pps()));
        }
    }

    private final Packetized main;
    private final Packetized sub;
    private final boolean timestamps;
    private final Channel server;
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong framesBlocked = new AtomicLong();
    private final AtomicLong nextFrameId = new AtomicLong();
    private final AtomicLongArray sentNanos = new AtomicLongArray(SENT_SLOTS);
    private final List<Session> sessions = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Per camera number (from the URL {@code /camN}, main streams only): frames sent, frames blocked, paused. */
    static final int MAX_CAMERAS = 4096;
    private final AtomicLongArray sentByCamera = new AtomicLongArray(MAX_CAMERAS);
    private final AtomicLongArray blockedByCamera = new AtomicLongArray(MAX_CAMERAS);
    private final java.util.concurrent.atomic.AtomicIntegerArray pausedCameras = new java.util.concurrent.atomic.AtomicIntegerArray(MAX_CAMERAS);
    private volatile boolean paused;

    public FleetReplayer(EventLoopGroup group, int port, FleetClip mainClip, FleetClip subClip, boolean timestamps)
            throws InterruptedException {
        this.main = new Packetized(mainClip);
        this.sub = subClip == null ? null : new Packetized(subClip);
        this.timestamps = timestamps;
        this.server = new ServerBootstrap().group(group).channel(io.nightjar.recorder.net.Transports.serverSocket(group))
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("raw", new ChannelInboundHandlerAdapter())
                                .addLast(new InterleavedFrameDecoder((c, b, i, l) -> { }))
                                .addLast(InterleavedFrameDecoder.newRtspDecoder())
                                .addLast(new RtspEncoder())
                                .addLast(new HttpObjectAggregator(16 * 1024))
                                .addLast(new Connection());
                    }
                }).bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public String url(int camera, boolean subStream) {
        return "rtsp://127.0.0.1:" + port() + "/cam" + camera + (subStream ? "/sub" : "");
    }

    /** Frames written to sockets so far (all sessions). */
    public long framesSent() {
        return framesSent.get();
    }

    /** Frames not written because the reader's socket was full. */
    public long framesBlocked() {
        return framesBlocked.get();
    }

    public int playing() {
        return sessions.size();
    }

    /** Stops (or resumes) sending on every session, e.g. to let the engine drain before counting. */
    public void pause(boolean p) {
        paused = p;
    }

    /** Stops (or resumes) sending camera {@code camera}'s main stream only. */
    public void pause(int camera, boolean p) {
        pausedCameras.set(camera, p ? 1 : 0);
    }

    /** Frames of camera {@code camera}'s main stream written to its socket so far. */
    public long framesSent(int camera) {
        return sentByCamera.get(camera);
    }

    /** Frames of camera {@code camera}'s main stream not sent because the engine's socket was full. */
    public long framesBlocked(int camera) {
        return blockedByCamera.get(camera);
    }

    /** The camera number of a URL path {@code /camN} (main stream), or -1. */
    static int cameraOf(String uri) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("/cam(\\d{1,4})(/trackID=\\d+)?/?$").matcher(uri);
        if (!m.find()) {
            return -1;
        }
        int n = Integer.parseInt(m.group(1));
        return n < MAX_CAMERAS ? n : -1;
    }

    /** When the frame with this SEI id was written (System.nanoTime), or 0. */
    public long sentNanos(long frameId) {
        return sentNanos.get((int) (frameId & (SENT_SLOTS - 1)));
    }

    /** One playing stream. */
    private final class Session implements Runnable {
        final Packetized clip;
        final ChannelHandlerContext raw;
        final int channel;
        Channel udp;
        InetSocketAddress udpTarget;
        final long ssrc = ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL;
        int seq = ThreadLocalRandom.current().nextInt(0x10000);
        long timestamp = ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL;
        int frame;
        ScheduledFuture<?> timer;

        final int camera;

        Session(Packetized clip, ChannelHandlerContext raw, int channel, int camera) {
            this.clip = clip;
            this.raw = raw;
            this.channel = channel;
            this.camera = camera;
        }

        private boolean paused() {
            return paused || (camera >= 0 && pausedCameras.get(camera) != 0);
        }

        private void counted(AtomicLong total, AtomicLongArray byCamera) {
            total.incrementAndGet();
            if (camera >= 0) {
                byCamera.incrementAndGet(camera);
            }
        }

        @Override
        public void run() {
            Channel ch = raw.channel();
            if (!ch.isActive()) {
                timer.cancel(false);
                if (udp != null) {
                    udp.close();
                }
                return;
            }
            if (udp != null) {
                sendUdp();
                return;
            }
            if (paused()) {
                return;
            }
            int f = frame;
            frame = (frame + 1) % clip.offsets.length;
            if (!ch.isWritable()) {
                counted(framesBlocked, blockedByCamera);
                timestamp += 90_000 / clip.clip.fps();
                return;
            }
            long id = -1;
            if (timestamps) {
                id = nextFrameId.getAndIncrement();
                int seiLength = 3 + SEI_UUID.length + 16 + 1; // NAL header, payload type, size, UUID, hex id, trailing bits
                ByteBuf sei = raw.alloc().buffer(16 + seiLength);
                writeHeader(sei, seiLength, false);
                sei.writeByte(6).writeByte(5).writeByte(SEI_UUID.length + 16).writeBytes(SEI_UUID);
                sei.writeBytes(String.format("%016x", id).getBytes(StandardCharsets.US_ASCII));
                sei.writeByte(0x80);
                raw.write(sei, raw.voidPromise());
            }
            int[] offs = clip.offsets[f];
            int[] lens = clip.lengths[f];
            for (int i = 0; i < offs.length; i++) {
                ByteBuf h = raw.alloc().buffer(16);
                writeHeader(h, lens[i], i == offs.length - 1);
                raw.write(h, raw.voidPromise());
                raw.write(clip.data.retainedSlice(offs[i], lens[i]), raw.voidPromise());
            }
            timestamp += 90_000 / clip.clip.fps();
            if (id >= 0) {
                long frameId = id;
                raw.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(x -> sentNanos.set((int) (frameId & (SENT_SLOTS - 1)), System.nanoTime()));
            } else {
                raw.flush();
            }
            counted(framesSent, sentByCamera);
        }

        /** The same frame as RTP datagrams to the client's port (loss is the network's, as with a real camera). */
        private void sendUdp() {
            if (paused()) {
                return;
            }
            int f = frame;
            frame = (frame + 1) % clip.offsets.length;
            int[] offs = clip.offsets[f];
            int[] lens = clip.lengths[f];
            for (int i = 0; i < offs.length; i++) {
                ByteBuf h = udp.alloc().buffer(12);
                writeRtpHeader(h, i == offs.length - 1);
                udp.write(new io.netty.channel.socket.DatagramPacket(Unpooled.wrappedBuffer(h, clip.data.retainedSlice(offs[i], lens[i])),
                        udpTarget), udp.voidPromise());
            }
            udp.flush();
            timestamp += 90_000 / clip.clip.fps();
            counted(framesSent, sentByCamera);
        }

        private void writeRtpHeader(ByteBuf h, boolean marker) {
            h.writeByte(0x80).writeByte((marker ? 0x80 : 0) | 96).writeShort(seq).writeInt((int) timestamp).writeInt((int) ssrc);
            seq = (seq + 1) & 0xFFFF;
        }

        private void writeHeader(ByteBuf h, int payloadLength, boolean marker) {
            h.writeByte('$').writeByte(channel).writeShort(12 + payloadLength);
            h.writeByte(0x80).writeByte((marker ? 0x80 : 0) | 96).writeShort(seq).writeInt((int) timestamp).writeInt((int) ssrc);
            seq = (seq + 1) & 0xFFFF;
        }
    }

    /** One RTSP connection: the minimum of RTSP a recorder needs. */
    private final class Connection extends SimpleChannelInboundHandler<FullHttpRequest> {
        Session session;
        Packetized chosen;
        int channel;
        Channel udp;
        InetSocketAddress udpTarget;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            String m = req.method().name();
            String uri = req.uri();
            FullHttpResponse r = new DefaultFullHttpResponse(RtspVersions.RTSP_1_0, RtspResponseStatuses.OK);
            r.headers().set("CSeq", req.headers().get("CSeq", "0"));
            r.headers().set("Server", "Nightjar fleet replayer");
            Packetized clip = uri.contains("/sub") && sub != null ? sub : main;
            switch (m) {
                case "OPTIONS" -> r.headers().set("Public", "OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER");
                case "DESCRIBE" -> {
                    String base = uri.endsWith("/") ? uri : uri + "/";
                    String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=fleet\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\nm=video 0 RTP/AVP 96\r\n"
                            + "a=rtpmap:96 H264/90000\r\na=fmtp:96 " + clip.sdpFmtp + "\r\na=control:trackID=0\r\n";
                    r.content().writeBytes(sdp.getBytes(StandardCharsets.US_ASCII));
                    r.headers().set("Content-Type", "application/sdp").set("Content-Base", base);
                }
                case "SETUP" -> {
                    String t = req.headers().get("Transport", "");
                    java.util.regex.Matcher cp = java.util.regex.Pattern.compile("client_port=(\\d+)").matcher(t);
                    if (!t.contains("TCP") && cp.find()) {
                        int clientPort = Integer.parseInt(cp.group(1));
                        udp = new io.netty.bootstrap.Bootstrap().group(ctx.channel().eventLoop())
                                .channel(io.nightjar.recorder.net.Transports.datagram(ctx.channel().eventLoop()))
                                .handler(new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void channelRead(ChannelHandlerContext c, Object msg) {
                                        io.netty.util.ReferenceCountUtil.release(msg); // receiver reports
                                    }
                                }).bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
                        udpTarget = new InetSocketAddress(((InetSocketAddress) ctx.channel().remoteAddress()).getAddress(), clientPort);
                        int serverPort = ((InetSocketAddress) udp.localAddress()).getPort();
                        chosen = clip;
                        r.headers().set("Transport", "RTP/AVP;unicast;client_port=" + clientPort + "-" + (clientPort + 1) + ";server_port="
                                + serverPort + "-" + (serverPort + 1));
                        r.headers().set("Session", "fleet" + Integer.toHexString(System.identityHashCode(this)) + ";timeout=60");
                    } else if (!t.contains("TCP")) {
                        r.setStatus(RtspResponseStatuses.UNSUPPORTED_TRANSPORT);
                    } else {
                        java.util.regex.Matcher mm = java.util.regex.Pattern.compile("interleaved=(\\d+)").matcher(t);
                        channel = mm.find() ? Integer.parseInt(mm.group(1)) : 0;
                        chosen = clip;
                        r.headers().set("Transport", "RTP/AVP/TCP;unicast;interleaved=" + channel + "-" + (channel + 1));
                        r.headers().set("Session", "fleet" + Integer.toHexString(System.identityHashCode(this)) + ";timeout=60");
                    }
                }
                case "PLAY" -> {
                    if (chosen == null) {
                        r.setStatus(RtspResponseStatuses.METHOD_NOT_VALID);
                    } else if (session == null) {
                        session = new Session(chosen, ctx.pipeline().context("raw"), channel, chosen == main ? cameraOf(uri) : -1);
                        session.udp = udp;
                        session.udpTarget = udpTarget;
                        r.headers().set("Session", req.headers().get("Session", ""));
                        r.headers().set("RTP-Info", "url=" + uri + "/trackID=0;seq=" + session.seq + ";rtptime=" + session.timestamp);
                        r.headers().setInt("Content-Length", 0);
                        ctx.writeAndFlush(r);
                        sessions.add(session);
                        long period = 1_000_000_000L / chosen.clip.fps();
                        session.timer = ctx.executor().scheduleAtFixedRate(session, period, period, TimeUnit.NANOSECONDS);
                        return;
                    }
                }
                case "TEARDOWN" -> stop();
                default -> { }
            }
            r.headers().setInt("Content-Length", r.content().readableBytes());
            ctx.writeAndFlush(r);
        }

        private void stop() {
            if (udp != null) {
                udp.close();
                udp = null;
            }
            if (session != null) {
                session.timer.cancel(false);
                sessions.remove(session);
                session = null;
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            stop();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        for (Session s : sessions) {
            s.timer.cancel(false);
            s.raw.close();
        }
        main.data.release();
        if (sub != null) {
            sub.data.release();
        }
    }
}
