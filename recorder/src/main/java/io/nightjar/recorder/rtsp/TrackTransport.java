package io.nightjar.recorder.rtsp;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.nightjar.recorder.ingest.MediaSink;
import io.nightjar.recorder.ingest.TrackReceiver;
import io.nightjar.recorder.media.Codec;
import io.nightjar.recorder.media.rtp.Depacketizer;
import io.nightjar.recorder.media.rtp.DepacketizerSettings;
import io.nightjar.recorder.media.rtp.H264Depacketizer;
import io.nightjar.recorder.media.rtp.H265Depacketizer;
import io.nightjar.recorder.rtp.ReceiverReportWriter;
import io.nightjar.recorder.rtsp.RtspClientOptions.Transport;
import io.nightjar.recorder.stats.Counter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One track of an RTSP session as it travels: its depacketizer and receiver, its sink, and how
 * its packets arrive, interleaved on the control connection (channels mapped by the session) or
 * on a UDP port pair of its own bound from the configured range ({@link io.nightjar.recorder.net.UdpPortPair}),
 * and how its receiver reports go back. Used on the session's event loop.
 */
final class TrackTransport {
    private static final Logger LOG = LoggerFactory.getLogger(TrackTransport.class);

    final MediaTrack track;
    final MediaSink sink;
    final TrackReceiver receiver;
    private final RtspClientOptions options;
    private final Transport transport;
    private final InetAddress camera;
    private final Counter strangers;
    private final Counter reportsSent;
    /** The interleaved channel of its RTCP (TCP), or -1. */
    int rtcpChannel = -1;
    Channel udpRtp;
    Channel udpRtcp;
    int udpRtpPort;
    /** The camera's RTCP port from the SETUP reply (UDP), or -1. */
    int serverRtcpPort = -1;
    private InetSocketAddress learnedRtcpPeer;

    /**
     * @param camera    the camera's address: UDP packets from anywhere else are counted in {@code strangers} and dropped
     * @param problems  told each oddity of the stream that was handled (a technician's hint)
     */
    TrackTransport(MediaTrack track, MediaSink sink, RtspClientOptions options, Transport transport, InetAddress camera,
                   long reporterSsrc, String cname, BiConsumer<MediaTrack, String> problems, Counter strangers, Counter reportsSent) {
        this.track = track;
        this.sink = sink;
        this.options = options;
        this.transport = transport;
        this.camera = camera;
        this.strangers = strangers;
        this.reportsSent = reportsSent;
        DepacketizerSettings ds = new DepacketizerSettings(options.allocator(), options.maxAccessUnitBytes(), w -> problems.accept(track, w));
        Depacketizer d;
        if (track.codec() == Codec.H264) {
            H264Depacketizer h = new H264Depacketizer(ds, sink);
            h.seedParameterSets(track.sps(), track.pps());
            d = h;
        } else {
            H265Depacketizer h = new H265Depacketizer(ds, sink, track.donl());
            h.seedParameterSets(track.vps(), track.sps(), track.pps());
            d = h;
        }
        int reorder = transport == Transport.UDP ? options.udpReorderSlots() : 0;
        this.receiver = new TrackReceiver(track.payloadType(), d, sink, reorder, new ReceiverReportWriter(reporterSsrc, cname));
    }

    /**
     * Binds an RTP/RTCP pair from the configured range: pairs in order from a random one (so
     * cameras starting together do not all try the same), at most {@code maxAttempts}.
     */
    void bindUdp(EventLoop loop, int maxAttempts, Consumer<Boolean> done) {
        io.nightjar.recorder.net.PortRange range = options.udpPorts();
        Bootstrap rtp = new Bootstrap().group(loop).channel(io.nightjar.recorder.net.Transports.datagram(loop))
                .option(ChannelOption.SO_RCVBUF, 4 << 20)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(65536));
        io.nightjar.recorder.net.UdpPortPair.bind(rtp, () -> new UdpHandler(false), () -> new UdpHandler(true), null, range,
                ThreadLocalRandom.current().nextInt(range.pairs()), maxAttempts, pair -> {
                    if (pair == null) {
                        LOG.warn("no free UDP port pair in {} after {} attempts for a {} track", range,
                                Math.min(maxAttempts, range.pairs()), track.codec()); // the session says which camera
                        done.accept(false);
                        return;
                    }
                    udpRtp = pair.rtp();
                    udpRtcp = pair.rtcp();
                    udpRtpPort = pair.rtpPort();
                    done.accept(true);
                });
    }

    /** Sends a receiver report: interleaved on {@code control}, or from the RTCP port to the camera's. */
    void sendReceiverReport(Channel control) {
        ByteBuf rr = control.alloc().buffer(128);
        try {
            receiver.writeReceiverReport(rr);
        } catch (RuntimeException e) {
            rr.release();
            throw e;
        }
        reportsSent.increment();
        if (transport == Transport.TCP) {
            if (rtcpChannel < 0 || !control.isActive()) {
                rr.release();
                return;
            }
            ByteBuf frame = control.alloc().buffer(4 + rr.readableBytes());
            frame.writeByte('$').writeByte(rtcpChannel).writeShort(rr.readableBytes()).writeBytes(rr);
            rr.release();
            // Written from the framing handler's context so the RTSP encoder never sees it.
            control.pipeline().context("framing").writeAndFlush(frame);
        } else {
            InetSocketAddress peer = learnedRtcpPeer != null ? learnedRtcpPeer
                    : serverRtcpPort > 0 ? new InetSocketAddress(camera, serverRtcpPort) : null;
            if (peer == null || udpRtcp == null) {
                rr.release();
                return;
            }
            udpRtcp.writeAndFlush(new DatagramPacket(rr, peer));
        }
    }

    void close() {
        receiver.close();
        sink.onSessionEnd();
        releasePorts();
    }

    /** Closes the UDP port pair, if bound (also for a pair bound after the session ended). */
    void releasePorts() {
        if (udpRtp != null) {
            udpRtp.close();
        }
        if (udpRtcp != null) {
            udpRtcp.close();
        }
    }

    private final class UdpHandler extends SimpleChannelInboundHandler<DatagramPacket> {
        private final boolean rtcp;

        UdpHandler(boolean rtcp) {
            this.rtcp = rtcp;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            InetSocketAddress from = packet.sender();
            if (camera == null || !camera.equals(from.getAddress())) {
                strangers.increment(); // not from our camera
                return;
            }
            ByteBuf c = packet.content();
            if (rtcp) {
                learnedRtcpPeer = from;
                receiver.onRtcp(c, c.readerIndex(), c.readableBytes());
            } else {
                receiver.onRtp(c, c.readerIndex(), c.readableBytes());
            }
        }
    }
}
