package io.nightjar.recorder.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.nightjar.recorder.media.Codec;
import io.nightjar.recorder.media.NalUnits;
import io.nightjar.recorder.media.rtp.RtpPacketizer;
import io.nightjar.recorder.rtp.SenderReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake IP camera that speaks RTSP and streams a real encoded clip, with switches for the
 * quirks seen in the field (the README's "Camera behaviour handled"): no User-Agent means 401, Transport replies
 * without {@code /TCP}, session ids that change between SETUPs, RTCP before the PLAY reply, data
 * on channels never set up, keepalives never answered, Digest SHA-256 with qop, 461 for UDP,
 * silent UDP, SSRC only in RTP-Info, SSRC changes, Content-Base without a scheme, garbage between
 * frames, requests sent to the client. Blocking I/O, one thread per connection: it is test code.
 */
public final class ScriptedCamera implements AutoCloseable {
    /** The behaviour switches; set before clients connect. */
    public static final class Script {
        public String path = "/live";
        public TestClips.Clip clip;
        public String sdp;
        public boolean requireUserAgent;
        public String auth;
        public String user = "admin";
        public String password = "secret";
        public boolean dropTcpSuffix;
        public boolean omitServerPort;
        public boolean changeSessionIdPerSetup;
        public boolean rtcpBeforePlayResponse;
        public boolean dataOnUnknownChannel;
        public boolean ignoreKeepalives;
        public boolean reject461Udp;
        public boolean silentUdp;
        public boolean ssrcOnlyInRtpInfo;
        public int ssrcChangeAfterFrames = -1;
        public String contentBase;
        public boolean garbageBetweenFrames;
        public int sessionTimeoutSeconds = 60;
        public boolean requestToClientAfterPlay;
        public boolean spropInSdp = true;
        public long srOffsetMicros;
        public int tracks = 1;
        public boolean omitCseq;
    }

    public final Script script;
    public final List<String> requests = new CopyOnWriteArrayList<>();
    public final List<String> userAgents = new CopyOnWriteArrayList<>();
    public final List<String> clientReplies = new CopyOnWriteArrayList<>();
    public final AtomicInteger keepalives = new AtomicInteger();
    /** The client's RTP port of every UDP SETUP. */
    public final List<Integer> udpClientPorts = new CopyOnWriteArrayList<>();
    public final AtomicInteger connections = new AtomicInteger();
    public final AtomicInteger framesSent = new AtomicInteger();

    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    public ScriptedCamera(Script script) throws IOException {
        this.script = script;
        if (script.clip == null) {
            script.clip = TestClips.h264(320, 180, 25, 25, 2);
        }
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "scripted-camera-accept");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public String url() {
        return "rtsp://127.0.0.1:" + port() + script.path;
    }

    private volatile boolean frozen;

    /** Stops sending media on every connection while keeping them open (a wedged encoder). */
    public void freezeStreams() {
        frozen = true;
    }

    /** Drops every connection, as a camera rebooting would. */
    public void dropConnections() {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        dropConnections();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                connections.incrementAndGet();
                Thread t = new Thread(() -> serve(s), "scripted-camera-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    // ------------------------------------------------------------------ one connection

    private final class Connection {
        final Socket socket;
        final OutputStream out;
        final String nonce = "n" + System.nanoTime();
        String sessionId = "S" + Long.toHexString(System.nanoTime());
        final Map<Integer, int[]> interleaved = new LinkedHashMap<>();
        final Map<Integer, Integer> clientPorts = new LinkedHashMap<>();
        boolean udp;
        volatile boolean playing;
        volatile Thread streamer;
        DatagramSocket udpSocket;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
        }

        synchronized void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            Connection c = new Connection(socket);
            InputStream in = socket.getInputStream();
            while (!closed) {
                Request r = readRequest(in, c);
                if (r == null) {
                    break;
                }
                handle(c, r);
            }
        } catch (IOException e) {
            // client went away
        }
    }

    private record Request(String method, String uri, Map<String, String> headers, String firstLine) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private Request readRequest(InputStream in, Connection c) throws IOException {
        while (true) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            if (b == '$') {
                in.read();
                int len = (in.read() << 8) | in.read();
                in.readNBytes(len); // an RTCP receiver report from the client
                continue;
            }
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            head.write(b);
            int prev = -1;
            int cur = b;
            while (true) {
                int n = in.read();
                if (n < 0) {
                    return null;
                }
                head.write(n);
                if (n == '\n' && (cur == '\n' || (cur == '\r' && prev == '\n'))) {
                    break;
                }
                prev = cur;
                cur = n;
            }
            String[] lines = head.toString(StandardCharsets.US_ASCII).split("\r?\n");
            String[] first = lines[0].split(" ");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
                }
            }
            int length = headers.containsKey("content-length") ? Integer.parseInt(headers.get("content-length")) : 0;
            in.readNBytes(length);
            if (first[0].startsWith("RTSP/")) {
                clientReplies.add(lines[0] + " CSeq=" + headers.get("cseq"));
                continue; // the client's reply to a request of ours
            }
            return new Request(first[0], first.length > 1 ? first[1] : "", headers, lines[0]);
        }
    }

    private void handle(Connection c, Request r) throws IOException {
        requests.add(r.method() + " " + r.uri() + (r.header("session") != null ? " session=" + r.header("session") : ""));
        userAgents.add(String.valueOf(r.header("user-agent")));
        String cseq = r.header("cseq");
        if (script.requireUserAgent && r.header("user-agent") == null) {
            reply(c, cseq, "401 Unauthorized", Map.of("WWW-Authenticate", "Basic realm=\"needs a user agent\""), null);
            return;
        }
        if (script.auth != null && !authorized(c, r)) {
            String challenge = script.auth.equals("basic") ? "Basic realm=\"cam\""
                    : "Digest realm=\"cam\", nonce=\"" + c.nonce + "\", qop=\"auth\", algorithm="
                    + (script.auth.equals("digest-sha256") ? "SHA-256" : "MD5");
            reply(c, cseq, "401 Unauthorized", Map.of("WWW-Authenticate", challenge), null);
            return;
        }
        switch (r.method()) {
            case "OPTIONS":
                if (c.playing) {
                    keepalives.incrementAndGet();
                    if (script.ignoreKeepalives) {
                        return;
                    }
                }
                reply(c, cseq, "200 OK", Map.of("Public", "OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER"), null);
                return;
            case "GET_PARAMETER":
                keepalives.incrementAndGet();
                if (!script.ignoreKeepalives) {
                    reply(c, cseq, "200 OK", Map.of(), null);
                }
                return;
            case "DESCRIBE":
                if (!r.uri().endsWith(script.path)) {
                    reply(c, cseq, "404 Not Found", Map.of(), null);
                    return;
                }
                Map<String, String> h = new LinkedHashMap<>();
                h.put("Content-Type", "application/sdp");
                h.put("Content-Base", script.contentBase != null ? script.contentBase : url() + "/");
                reply(c, cseq, "200 OK", h, sdp());
                return;
            case "SETUP":
                setup(c, r, cseq);
                return;
            case "PLAY":
                play(c, r, cseq);
                return;
            case "TEARDOWN":
                c.playing = false;
                reply(c, cseq, "200 OK", Map.of(), null);
                return;
            default:
                reply(c, cseq, "501 Not Implemented", Map.of(), null);
        }
    }

    private boolean authorized(Connection c, Request r) {
        String a = r.header("authorization");
        if (a == null) {
            return false;
        }
        if (script.auth.equals("basic")) {
            return a.equals("Basic " + Base64.getEncoder().encodeToString((script.user + ":" + script.password).getBytes(StandardCharsets.UTF_8)));
        }
        Map<String, String> p = new LinkedHashMap<>();
        for (String part : a.substring("Digest ".length()).split(",\\s*")) {
            int eq = part.indexOf('=');
            p.put(part.substring(0, eq).trim(), part.substring(eq + 1).replace("\"", "").trim());
        }
        String alg = script.auth.equals("digest-sha256") ? "SHA-256" : "MD5";
        String ha1 = hash(alg, script.user + ":cam:" + script.password);
        String ha2 = hash(alg, r.method() + ":" + p.get("uri"));
        String expected = hash(alg, ha1 + ":" + c.nonce + ":" + p.get("nc") + ":" + p.get("cnonce") + ":auth:" + ha2);
        return c.nonce.equals(p.get("nonce")) && expected.equals(p.get("response")) && "auth".equals(p.get("qop"));
    }

    private static String hash(String alg, String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(alg).digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String sdp() {
        if (script.sdp != null) {
            return script.sdp;
        }
        TestClips.Clip clip = script.clip;
        boolean h264 = clip.codec().equals("h264");
        List<byte[]> nals = NalUnits.splitLengthPrefixed(clip.accessUnits().get(0));
        String fmtp;
        if (h264) {
            String sps = null;
            String pps = null;
            for (byte[] n : nals) {
                if (NalUnits.h264Type(n[0]) == NalUnits.H264_SPS) {
                    sps = Base64.getEncoder().encodeToString(n);
                } else if (NalUnits.h264Type(n[0]) == NalUnits.H264_PPS) {
                    pps = Base64.getEncoder().encodeToString(n);
                }
            }
            fmtp = "a=fmtp:96 packetization-mode=1" + (script.spropInSdp ? ";sprop-parameter-sets=" + sps + "," + pps : "") + "\r\n";
        } else {
            fmtp = "";
        }
        StringBuilder sb = new StringBuilder("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=Scripted camera\r\na=tool:ScriptedCamera 1.0\r\nt=0 0\r\n");
        for (int i = 0; i < script.tracks; i++) {
            sb.append("m=video 0 RTP/AVP 96\r\na=rtpmap:96 ").append(h264 ? "H264" : "H265").append("/90000\r\n").append(fmtp)
                    .append("a=control:track").append(i + 1).append("\r\n");
        }
        return sb.toString();
    }

    private void setup(Connection c, Request r, String cseq) throws IOException {
        String transport = r.header("transport");
        int track = r.uri().endsWith("track2") ? 1 : 0;
        if (transport.contains("client_port")) {
            if (script.reject461Udp) {
                reply(c, cseq, "461 Unsupported Transport", Map.of(), null);
                return;
            }
            c.udp = true;
            String ports = transport.replaceAll(".*client_port=(\\d+)-(\\d+).*", "$1");
            c.clientPorts.put(track, Integer.parseInt(ports));
            udpClientPorts.add(Integer.parseInt(ports));
            if (c.udpSocket == null) {
                c.udpSocket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            }
        } else {
            String ch = transport.replaceAll(".*interleaved=(\\d+)-(\\d+).*", "$1");
            int rtp = Integer.parseInt(ch);
            c.interleaved.put(track, new int[] {rtp, rtp + 1});
        }
        if (script.changeSessionIdPerSetup && track > 0) {
            c.sessionId = c.sessionId + "x";
        }
        String reply;
        long ssrc = ssrcFor(track, 0);
        String ssrcPart = script.ssrcOnlyInRtpInfo ? "" : ";ssrc=" + Long.toHexString(ssrc).toUpperCase(Locale.ROOT);
        if (c.udp) {
            int sp = c.udpSocket.getLocalPort();
            reply = "RTP/AVP;unicast;client_port=" + c.clientPorts.get(track) + "-" + (c.clientPorts.get(track) + 1)
                    + (script.omitServerPort ? "" : ";server_port=" + sp + "-" + (sp + 1)) + ssrcPart;
        } else {
            int[] chs = c.interleaved.get(track);
            reply = (script.dropTcpSuffix ? "RTP/AVP" : "RTP/AVP/TCP") + ";unicast;interleaved=" + chs[0] + "-" + chs[1] + ssrcPart;
        }
        reply(c, cseq, "200 OK", Map.of("Transport", reply, "Session", c.sessionId + ";timeout=" + script.sessionTimeoutSeconds), null);
        if (script.rtcpBeforePlayResponse && !c.udp) {
            sendSenderReport(c, track, 0, ssrc);
        }
    }

    private long ssrcFor(int track, int generation) {
        return 0x10000000L + track * 0x100 + generation;
    }

    private void play(Connection c, Request r, String cseq) throws IOException {
        if (!c.sessionId.equals(r.header("session"))) {
            reply(c, cseq, "454 Session Not Found", Map.of(), null);
            return;
        }
        StringBuilder info = new StringBuilder();
        for (int t = 0; t < script.tracks; t++) {
            if (t > 0) {
                info.append(',');
            }
            info.append("url=").append(url()).append("/track").append(t + 1).append(";seq=1000;rtptime=0");
            if (script.ssrcOnlyInRtpInfo) {
                info.append(";ssrc=").append(Long.toHexString(ssrcFor(t, 0)));
            }
        }
        reply(c, cseq, "200 OK", Map.of("RTP-Info", info.toString(), "Range", "npt=0.000-"), null);
        c.playing = true;
        Thread t = new Thread(() -> stream(c), "scripted-camera-stream");
        t.setDaemon(true);
        c.streamer = t;
        t.start();
        if (script.requestToClientAfterPlay) {
            c.write(("GET_PARAMETER " + url() + " RTSP/1.0\r\nCSeq: 77\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        }
    }

    private void sendSenderReport(Connection c, int track, long rtpTs, long ssrc) throws IOException {
        long now = System.currentTimeMillis() * 1000 + script.srOffsetMicros;
        ByteBuf sr = Unpooled.buffer(28);
        sr.writeByte(0x80).writeByte(200).writeShort(6).writeInt((int) ssrc).writeLong(SenderReport.ntpFromUnixMicros(now))
                .writeInt((int) rtpTs).writeInt(0).writeInt(0);
        sendPacket(c, track, true, ByteBufUtil.getBytes(sr));
    }

    private void sendPacket(Connection c, int track, boolean rtcp, byte[] packet) throws IOException {
        if (c.udp) {
            if (script.silentUdp) {
                return;
            }
            int port = c.clientPorts.get(track) + (rtcp ? 1 : 0);
            c.udpSocket.send(new DatagramPacket(packet, packet.length, new InetSocketAddress(c.socket.getInetAddress(), port)));
            return;
        }
        int channel = c.interleaved.get(track)[rtcp ? 1 : 0];
        byte[] frame = new byte[4 + packet.length];
        frame[0] = '$';
        frame[1] = (byte) channel;
        frame[2] = (byte) (packet.length >>> 8);
        frame[3] = (byte) packet.length;
        System.arraycopy(packet, 0, frame, 4, packet.length);
        c.write(frame);
    }

    private void stream(Connection c) {
        TestClips.Clip clip = script.clip;
        Codec codec = clip.codec().equals("h264") ? Codec.H264 : Codec.H265;
        List<RtpPacketizer> packetizers = new ArrayList<>();
        for (int t = 0; t < script.tracks; t++) {
            packetizers.add(new RtpPacketizer(codec, 96, ssrcFor(t, 0), 1400, 1000, UnpooledByteBufAllocator.DEFAULT));
        }
        long frameNanos = 1_000_000_000L / clip.fps();
        long start = System.nanoTime();
        long lastSr = 0;
        int frame = 0;
        try {
            while (c.playing && !c.socket.isClosed()) {
                if (frozen) {
                    Thread.sleep(50);
                    continue;
                }
                byte[] au = clip.accessUnits().get(frame % clip.size());
                long ts = (long) frame * 90000 / clip.fps();
                for (int t = 0; t < script.tracks; t++) {
                    if (script.ssrcChangeAfterFrames >= 0 && frame == script.ssrcChangeAfterFrames) {
                        packetizers.set(t, new RtpPacketizer(codec, 96, ssrcFor(t, 1), 1400, 20000, UnpooledByteBufAllocator.DEFAULT));
                    }
                    int track = t;
                    List<byte[]> packets = new ArrayList<>();
                    packetizers.get(t).packetize(Unpooled.wrappedBuffer(au), ts, p -> {
                        packets.add(ByteBufUtil.getBytes(p));
                        p.release();
                    });
                    for (byte[] p : packets) {
                        sendPacket(c, track, false, p);
                        if (script.garbageBetweenFrames && !c.udp) {
                            c.write("\r\n#garbage#\u0000\u0001".getBytes(StandardCharsets.ISO_8859_1));
                        }
                    }
                    if (script.dataOnUnknownChannel && !c.udp) {
                        c.write(new byte[] {'$', 9, 0, 4, (byte) 0x80, 0, 0, 1});
                    }
                }
                framesSent.incrementAndGet();
                if (System.nanoTime() - lastSr > 1_000_000_000L) {
                    lastSr = System.nanoTime();
                    for (int t = 0; t < script.tracks; t++) {
                        sendSenderReport(c, t, ts, script.ssrcChangeAfterFrames >= 0 && frame >= script.ssrcChangeAfterFrames ? ssrcFor(t, 1) : ssrcFor(t, 0));
                    }
                }
                frame++;
                long next = start + frame * frameNanos;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(sleep / 1_000_000L, (int) (sleep % 1_000_000L));
                }
            }
        } catch (IOException | InterruptedException e) {
            c.playing = false;
        }
    }

    private void reply(Connection c, String cseq, String status, Map<String, String> headers, String body) throws IOException {
        StringBuilder sb = new StringBuilder("RTSP/1.0 ").append(status).append("\r\n");
        if (cseq != null && !script.omitCseq) {
            sb.append("CSeq: ").append(cseq).append("\r\n");
        }
        sb.append("Server: ScriptedCamera/1.0 firmware V5.5.0\r\n");
        for (Map.Entry<String, String> e : headers.entrySet()) {
            sb.append(e.getKey()).append(": ").append(e.getValue()).append("\r\n");
        }
        byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0) {
            sb.append("Content-Length: ").append(b.length).append("\r\n");
        }
        sb.append("\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + b.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(b, 0, all, head.length, b.length);
        c.write(all);
    }

    /** Requests seen, for assertions. */
    public List<String> requests() {
        return Collections.unmodifiableList(requests);
    }
}
