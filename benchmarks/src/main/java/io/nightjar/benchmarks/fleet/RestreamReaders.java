package io.nightjar.benchmarks.fleet;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/**
 * Many RTSP readers of one URL over TCP, each timing every frame: the SEI frame id written by the
 * {@link FleetReplayer} gives the frame's send time; the arrival of the frame's marker packet ends
 * it. Minimal RTSP (DESCRIBE, SETUP, PLAY), enough for Nightjar and GStreamer's rtsp-server.
 */
final class RestreamReaders implements AutoCloseable {
    final Recorder latency = new Recorder(3);
    final AtomicLong frames = new AtomicLong();
    final AtomicLong playing = new AtomicLong();
    private final FleetReplayer source;
    private final List<Channel> channels = new ArrayList<>();

    RestreamReaders(EventLoopGroup group, String url, int count, FleetReplayer source) throws Exception {
        this.source = source;
        URI u = URI.create(url);
        Bootstrap b = new Bootstrap().group(group).channel(io.nightjar.recorder.net.Transports.socket(group)).option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new Reader(url));
                    }
                });
        for (int i = 0; i < count; i++) {
            channels.add(b.connect(u.getHost(), u.getPort()).sync().channel());
        }
    }

    /** One reader: a tiny RTSP state machine, then interleaved RTP parsing. */
    private final class Reader extends ByteToMessageDecoder {
        final String url;
        int step;
        String base;
        String control;
        String session;
        long frameId = -1;

        Reader(String url) {
            this.url = url;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            send(ctx, "DESCRIBE " + url + " RTSP/1.0\r\nCSeq: 1\r\nAccept: application/sdp\r\n\r\n");
        }

        private void send(ChannelHandlerContext ctx, String text) {
            ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(text.getBytes(StandardCharsets.US_ASCII)));
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            while (in.isReadable()) {
                if (in.getByte(in.readerIndex()) == '$') {
                    if (in.readableBytes() < 4) {
                        return;
                    }
                    int ch = in.getUnsignedByte(in.readerIndex() + 1);
                    int len = in.getUnsignedShort(in.readerIndex() + 2);
                    if (in.readableBytes() < 4 + len) {
                        return;
                    }
                    if (ch == 0 && len > 12) {
                        rtp(in, in.readerIndex() + 4, len);
                    }
                    in.skipBytes(4 + len);
                    continue;
                }
                int end = indexOf(in, "\r\n\r\n");
                if (end < 0) {
                    return;
                }
                String head = in.toString(in.readerIndex(), end - in.readerIndex(), StandardCharsets.ISO_8859_1);
                int bodyLength = 0;
                for (String line : head.split("\r\n")) {
                    if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                        bodyLength = Integer.parseInt(line.substring(15).trim());
                    }
                }
                if (in.readableBytes() < end - in.readerIndex() + 4 + bodyLength) {
                    return;
                }
                String body = in.toString(end + 4, bodyLength, StandardCharsets.ISO_8859_1);
                in.readerIndex(end + 4 + bodyLength);
                response(ctx, head, body);
            }
        }

        private void response(ChannelHandlerContext ctx, String head, String body) {
            if (!head.startsWith("RTSP/1.0 200")) {
                System.err.println("reader: " + head.split("\r\n")[0]);
                ctx.close();
                return;
            }
            switch (step++) {
                case 0 -> {
                    base = header(head, "Content-Base");
                    if (base == null) {
                        base = url.contains("?") ? url.substring(0, url.indexOf('?')) + "/" : url + "/";
                    }
                    for (String line : body.split("\r?\n")) {
                        if (line.startsWith("a=control:") && !line.contains("*")) {
                            control = line.substring(10).trim();
                        }
                    }
                    String setup = control.startsWith("rtsp://") ? control : base + control;
                    if (url.contains("?")) {
                        setup += url.substring(url.indexOf('?'));
                    }
                    send(ctx, "SETUP " + setup + " RTSP/1.0\r\nCSeq: 2\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n");
                }
                case 1 -> {
                    session = header(head, "Session").split(";")[0];
                    send(ctx, "PLAY " + url + " RTSP/1.0\r\nCSeq: 3\r\nSession: " + session + "\r\nRange: npt=0.000-\r\n\r\n");
                }
                case 2 -> playing.incrementAndGet();
                default -> { }
            }
        }

        private void rtp(ByteBuf in, int at, int len) {
            boolean marker = (in.getByte(at + 1) & 0x80) != 0;
            int cc = in.getByte(at) & 0x0F;
            int p = at + 12 + cc * 4;
            int type = in.getByte(p) & 0x1F;
            if (type == 6) {
                sei(in, p, at + len);
            } else if (type == 24) {
                int q = p + 1;
                while (q + 2 < at + len) {
                    int n = in.getUnsignedShort(q);
                    if ((in.getByte(q + 2) & 0x1F) == 6) {
                        sei(in, q + 2, q + 2 + n);
                    }
                    q += 2 + n;
                }
            }
            if (marker) {
                frames.incrementAndGet();
                if (frameId >= 0) {
                    long sent = source.sentNanos(frameId);
                    if (sent > 0) {
                        long d = System.nanoTime() - sent;
                        if (d > 0 && d < 60_000_000_000L) {
                            latency.recordValue(d);
                        }
                    }
                }
                frameId = -1;
            }
        }

        private void sei(ByteBuf in, int p, int end) {
            if (end - p < 3 + 16 + 16 || in.getByte(p + 1) != 5) {
                return;
            }
            for (int i = 0; i < 16; i++) {
                if (in.getByte(p + 3 + i) != FleetReplayer.SEI_UUID[i]) {
                    return;
                }
            }
            frameId = Long.parseUnsignedLong(in.toString(p + 19, 16, StandardCharsets.US_ASCII), 16);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return null;
    }

    static int indexOf(ByteBuf in, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = in.readerIndex(); i <= in.writerIndex() - b.length; i++) {
            for (int j = 0; j < b.length; j++) {
                if (in.getByte(i + j) != b[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() {
        for (Channel c : channels) {
            c.close();
        }
    }
}
