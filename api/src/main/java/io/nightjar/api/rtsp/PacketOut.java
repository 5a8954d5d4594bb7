package io.nightjar.api.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;

/**
 * Where one reader's packets go: interleaved on its RTSP connection (written below the RTSP
 * encoder), or as UDP datagrams from the server's RTP/RTCP sockets. Packets arrive with 4 bytes of
 * headroom for the interleaved header; this class never takes ownership of them.
 */
final class PacketOut {
    private final ChannelHandlerContext raw;
    private final int rtpChannel;
    private final Channel udpRtp;
    private final Channel udpRtcp;
    private final InetSocketAddress rtpAddress;
    private final InetSocketAddress rtcpAddress;

    private PacketOut(ChannelHandlerContext raw, int rtpChannel, Channel udpRtp, Channel udpRtcp, InetSocketAddress rtpAddress,
                      InetSocketAddress rtcpAddress) {
        this.raw = raw;
        this.rtpChannel = rtpChannel;
        this.udpRtp = udpRtp;
        this.udpRtcp = udpRtcp;
        this.rtpAddress = rtpAddress;
        this.rtcpAddress = rtcpAddress;
    }

    static PacketOut tcp(ChannelHandlerContext raw, int rtpChannel) {
        return new PacketOut(raw, rtpChannel, null, null, null, null);
    }

    static PacketOut udp(Channel rtp, Channel rtcp, InetSocketAddress rtpAddress, InetSocketAddress rtcpAddress) {
        return new PacketOut(null, -1, rtp, rtcp, rtpAddress, rtcpAddress);
    }

    boolean tcp() {
        return raw != null;
    }

    int rtpChannel() {
        return rtpChannel;
    }

    /** Sends a packet that starts with 4 bytes of headroom (already "$", 0, length for channel 0). */
    void rtp(ByteBuf prefixed) {
        int length = prefixed.readableBytes() - 4;
        if (raw != null) {
            if (rtpChannel == 0 && prefixed.getByte(prefixed.readerIndex()) == '$') {
                raw.write(prefixed.retainedDuplicate(), raw.voidPromise());
            } else {
                ByteBuf h = raw.alloc().buffer(4);
                h.writeByte('$').writeByte(rtpChannel).writeShort(length);
                raw.write(h, raw.voidPromise());
                raw.write(prefixed.retainedSlice(prefixed.readerIndex() + 4, length), raw.voidPromise());
            }
        } else {
            udpRtp.write(new DatagramPacket(prefixed.retainedSlice(prefixed.readerIndex() + 4, length), rtpAddress), udpRtp.voidPromise());
        }
    }

    /** Sends an RTCP packet (no headroom); takes ownership. */
    void rtcp(ByteBuf packet) {
        if (raw != null) {
            ByteBuf h = raw.alloc().buffer(4);
            h.writeByte('$').writeByte(rtpChannel + 1).writeShort(packet.readableBytes());
            raw.write(h, raw.voidPromise());
            raw.write(packet, raw.voidPromise());
        } else {
            udpRtcp.writeAndFlush(new DatagramPacket(packet, rtcpAddress), udpRtcp.voidPromise());
        }
    }

    void flush() {
        if (raw != null) {
            raw.flush();
        } else {
            udpRtp.flush();
        }
    }

    /** The event loop UDP packets are written on (batches go there as one task). */
    Channel udpChannel() {
        return udpRtp;
    }

    InetSocketAddress rtcpAddress() {
        return rtcpAddress;
    }
}
