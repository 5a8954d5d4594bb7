package io.nightjar.recorder.media.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.nightjar.recorder.media.Codec;

/**
 * Packetizes access units (4-byte length-prefixed NAL units) into RTP: single NAL unit packets
 * when a unit fits the MTU, else fragmentation units (FU-A for H.264, FU for H.265). The marker
 * bit is set on the last packet of each access unit. Used by the restream server and by the
 * simulated cameras of the tests and benchmarks.
 */
public final class RtpPacketizer {
    /** Receives each packet; takes ownership of the buffer. */
    @FunctionalInterface
    public interface PacketSink {
        void packet(ByteBuf packet);
    }

    private final Codec codec;
    private final int payloadType;
    private final long ssrc;
    private final int maxPayload;
    private final ByteBufAllocator allocator;
    private final int headroom;
    private int sequence;

    /**
     * @param mtu largest RTP packet (header included) to produce, e.g. 1400
     */
    public RtpPacketizer(Codec codec, int payloadType, long ssrc, int mtu, int initialSequence, ByteBufAllocator allocator) {
        this(codec, payloadType, ssrc, mtu, initialSequence, allocator, 0);
    }

    /**
     * @param headroom bytes left zeroed before each RTP header (e.g. 4 for the RTSP interleaved
     *                 frame header, filled in by the caller); each packet buffer begins with it
     */
    public RtpPacketizer(Codec codec, int payloadType, long ssrc, int mtu, int initialSequence, ByteBufAllocator allocator,
                         int headroom) {
        if (mtu < 64) {
            throw new IllegalArgumentException("mtu " + mtu + " too small");
        }
        this.codec = codec;
        this.payloadType = payloadType;
        this.ssrc = ssrc;
        this.maxPayload = mtu - 12;
        this.allocator = allocator;
        this.sequence = initialSequence & 0xFFFF;
        this.headroom = headroom;
    }

    /** The sequence number the next packet will carry. */
    public int nextSequence() {
        return sequence;
    }

    /** Packetizes {@code accessUnit} from its reader index to its writer index (not consumed). */
    public void packetize(ByteBuf accessUnit, long timestamp, PacketSink sink) {
        packetize(accessUnit, timestamp, true, sink);
    }

    /**
     * Packetizes length-prefixed NAL units; the marker bit goes on the last packet only when
     * {@code endsAccessUnit} (false for parameter sets sent ahead of a keyframe).
     */
    public void packetize(ByteBuf accessUnit, long timestamp, boolean endsAccessUnit, PacketSink sink) {
        int pos = accessUnit.readerIndex();
        int end = accessUnit.writerIndex();
        while (pos + 4 <= end) {
            int len = accessUnit.getInt(pos);
            pos += 4;
            if (len <= 0 || len > end - pos) {
                return; // malformed access unit: stop rather than send garbage
            }
            boolean last = endsAccessUnit && pos + len >= end;
            nal(accessUnit, pos, len, timestamp, last, sink);
            pos += len;
        }
    }

    private void nal(ByteBuf src, int index, int length, long timestamp, boolean lastOfAu, PacketSink sink) {
        if (length <= maxPayload) {
            ByteBuf p = header(length, timestamp, lastOfAu);
            p.writeBytes(src, index, length);
            sink.packet(p);
            return;
        }
        int headerLen = codec == Codec.H264 ? 1 : 2;
        int fuOverhead = codec == Codec.H264 ? 2 : 3;
        int chunk = maxPayload - fuOverhead;
        int b0 = src.getUnsignedByte(index);
        int pos = index + headerLen;
        int end = index + length;
        boolean first = true;
        while (pos < end) {
            int n = Math.min(chunk, end - pos);
            boolean lastFragment = pos + n >= end;
            ByteBuf p = header(fuOverhead + n, timestamp, lastOfAu && lastFragment);
            int flags = (first ? 0x80 : 0) | (lastFragment ? 0x40 : 0);
            if (codec == Codec.H264) {
                p.writeByte((b0 & 0xE0) | 28);
                p.writeByte(flags | (b0 & 0x1F));
            } else {
                int type = (b0 >>> 1) & 0x3F;
                p.writeByte((b0 & 0x81) | (49 << 1));
                p.writeByte(src.getUnsignedByte(index + 1));
                p.writeByte(flags | type);
            }
            p.writeBytes(src, pos, n);
            sink.packet(p);
            pos += n;
            first = false;
        }
    }

    private ByteBuf header(int payloadLength, long timestamp, boolean marker) {
        ByteBuf p = allocator.buffer(headroom + 12 + payloadLength);
        p.writeZero(headroom);
        p.writeByte(0x80);
        p.writeByte((marker ? 0x80 : 0) | payloadType);
        p.writeShort(sequence);
        sequence = (sequence + 1) & 0xFFFF;
        p.writeInt((int) timestamp);
        p.writeInt((int) ssrc);
        return p;
    }
}
