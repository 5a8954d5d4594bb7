package io.nightjar.benchmarks.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.nightjar.recorder.media.Codec;
import io.nightjar.recorder.media.NalUnits;
import io.nightjar.recorder.media.rtp.RtpPacketizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One GOP of 1080p-like H.264 access units (a large IDR with real 1080p parameter sets, then P
 * frames), packetized as FU-A at a 1400-byte MTU into one direct buffer of RTSP interleaved
 * frames, as a camera sends them over TCP. Sequence numbers and timestamps are rewritten in place
 * for each pass, so the receiver sees a continuous stream.
 */
public final class SyntheticGop {
    /** Real x264 1080p High profile parameter sets. */
    static final byte[] SPS = java.util.HexFormat.of().parseHex("67640028acd940780227e5c044000003000400000300c83c60c658");
    static final byte[] PPS = java.util.HexFormat.of().parseHex("68ebe3cb22c0");

    public final ByteBuf interleaved;
    /** Offset of each RTP packet (after its 4-byte '$' header) inside {@link #interleaved}. */
    public final int[] packetOffsets;
    public final int[] packetLengths;
    /** Index of the first packet of each access unit. */
    public final int[] accessUnitFirstPacket;
    public final long payloadBytes;
    public final int frames;

    private int sequence;
    private long timestamp;

    public SyntheticGop(int frames, int keyBytes, int deltaBytes) {
        this.frames = frames;
        Random random = new Random(42);
        RtpPacketizer packetizer = new RtpPacketizer(Codec.H264, 96, 0x5EED, 1400, 0, UnpooledByteBufAllocator.DEFAULT);
        List<byte[]> packets = new ArrayList<>();
        List<Integer> firsts = new ArrayList<>();
        long payload = 0;
        for (int f = 0; f < frames; f++) {
            byte[] slice = new byte[f == 0 ? keyBytes : deltaBytes];
            random.nextBytes(slice);
            slice[0] = (byte) (f == 0 ? 0x65 : 0x41);
            byte[] au = f == 0 ? NalUnits.toLengthPrefixed(List.of(SPS, PPS, slice)) : NalUnits.toLengthPrefixed(List.of(slice));
            payload += au.length;
            firsts.add(packets.size());
            packetizer.packetize(Unpooled.wrappedBuffer(au), f * 3600L, p -> {
                byte[] b = new byte[p.readableBytes()];
                p.readBytes(b);
                p.release();
                packets.add(b);
            });
        }
        int total = 0;
        for (byte[] p : packets) {
            total += 4 + p.length;
        }
        interleaved = PooledByteBufAllocator.DEFAULT.directBuffer(total);
        packetOffsets = new int[packets.size()];
        packetLengths = new int[packets.size()];
        for (int i = 0; i < packets.size(); i++) {
            byte[] p = packets.get(i);
            interleaved.writeByte('$').writeByte(0).writeShort(p.length);
            packetOffsets[i] = interleaved.writerIndex();
            packetLengths[i] = p.length;
            interleaved.writeBytes(p);
        }
        accessUnitFirstPacket = firsts.stream().mapToInt(Integer::intValue).toArray();
        payloadBytes = payload;
    }

    /** Rewrites sequence numbers and timestamps so this pass continues the previous one. */
    public void advance() {
        int au = -1;
        for (int i = 0; i < packetOffsets.length; i++) {
            if (au + 1 < accessUnitFirstPacket.length && accessUnitFirstPacket[au + 1] == i) {
                au++;
                timestamp += 3600;
            }
            int off = packetOffsets[i];
            interleaved.setShort(off + 2, sequence);
            sequence = (sequence + 1) & 0xFFFF;
            interleaved.setInt(off + 4, (int) timestamp);
        }
    }

    public int packets() {
        return packetOffsets.length;
    }
}
