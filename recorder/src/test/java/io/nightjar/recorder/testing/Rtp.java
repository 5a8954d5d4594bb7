package io.nightjar.recorder.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;

/** Builds RTP packets and NAL units byte by byte, as a camera would send them. */
public final class Rtp {
    public static final int PT = 96;
    public static final long SSRC = 0x1234ABCDL;

    /** Real parameter sets captured from x264/x265 output (ffmpeg lavfi testsrc2). */
    public static final byte[] SPS_1080P_HIGH = hex("67640028acd940780227e5c044000003000400000300c83c60c658");
    public static final byte[] PPS_1080P_HIGH = hex("68ebe3cb22c0");
    public static final byte[] SPS_360P_BASELINE = hex("6742c016d900a02ff970110000030001000003001e0f162e48");
    public static final byte[] PPS_360P_BASELINE = hex("68cb83cb20");
    public static final byte[] VPS_720P_MAIN = hex("40010c01ffff01600000030090000003000003005d959809");
    public static final byte[] SPS_720P_MAIN = hex("42010101600000030090000003000003005da00280802d165959a4932bc05a020000030002000003003c10");
    public static final byte[] PPS_720P_MAIN = hex("4401c172b46240");

    private Rtp() {
    }

    public static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int i = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, i, p.length);
            i += p.length;
        }
        return out;
    }

    /** An H.264 NAL unit of a type and total size, filled with a recognisable pattern. */
    public static byte[] h264Nal(int type, int size) {
        byte[] n = new byte[size];
        n[0] = (byte) (0x60 | type);
        for (int i = 1; i < size; i++) {
            n[i] = (byte) (i * 7 + type);
        }
        return n;
    }

    /** An H.265 NAL unit of a type and total size (TemporalId 1). */
    public static byte[] h265Nal(int type, int size) {
        byte[] n = new byte[size];
        n[0] = (byte) (type << 1);
        n[1] = 1;
        for (int i = 2; i < size; i++) {
            n[i] = (byte) (i * 5 + type);
        }
        return n;
    }

    /** An RTP packet (version 2, PT 96, SSRC {@link #SSRC}) around a payload. */
    public static ByteBuf packet(int seq, long ts, boolean marker, byte[] payload) {
        return packet(seq, ts, marker, SSRC, payload);
    }

    public static ByteBuf packet(int seq, long ts, boolean marker, long ssrc, byte[] payload) {
        ByteBuf b = Unpooled.buffer(12 + payload.length);
        b.writeByte(0x80);
        b.writeByte((marker ? 0x80 : 0) | PT);
        b.writeShort(seq);
        b.writeInt((int) ts);
        b.writeInt((int) ssrc);
        b.writeBytes(payload);
        return b;
    }

    /** STAP-A payload of the given NAL units. */
    public static byte[] stapA(byte[]... nals) {
        int n = 1;
        for (byte[] nal : nals) {
            n += 2 + nal.length;
        }
        byte[] out = new byte[n];
        out[0] = 24;
        int i = 1;
        for (byte[] nal : nals) {
            out[i++] = (byte) (nal.length >>> 8);
            out[i++] = (byte) nal.length;
            System.arraycopy(nal, 0, out, i, nal.length);
            i += nal.length;
        }
        return out;
    }

    /** FU-A payload carrying {@code nal[from, to)} (from &gt;= 1: the NAL header travels in the FU header). */
    public static byte[] fuA(byte[] nal, int from, int to, boolean start, boolean end) {
        byte[] out = new byte[2 + (to - from)];
        out[0] = (byte) ((nal[0] & 0xE0) | 28);
        out[1] = (byte) ((start ? 0x80 : 0) | (end ? 0x40 : 0) | (nal[0] & 0x1F));
        System.arraycopy(nal, from, out, 2, to - from);
        return out;
    }

    /** H.265 FU payload carrying {@code nal[from, to)} (from &gt;= 2). */
    public static byte[] fu265(byte[] nal, int from, int to, boolean start, boolean end) {
        byte[] out = new byte[3 + (to - from)];
        int type = (nal[0] >>> 1) & 0x3F;
        out[0] = (byte) ((nal[0] & 0x81) | (49 << 1));
        out[1] = nal[1];
        out[2] = (byte) ((start ? 0x80 : 0) | (end ? 0x40 : 0) | type);
        System.arraycopy(nal, from, out, 3, to - from);
        return out;
    }

    /** H.265 aggregation packet (AP) of the given NAL units. */
    public static byte[] ap265(byte[]... nals) {
        int n = 2;
        for (byte[] nal : nals) {
            n += 2 + nal.length;
        }
        byte[] out = new byte[n];
        out[0] = (byte) (48 << 1);
        out[1] = 1;
        int i = 2;
        for (byte[] nal : nals) {
            out[i++] = (byte) (nal.length >>> 8);
            out[i++] = (byte) nal.length;
            System.arraycopy(nal, 0, out, i, nal.length);
            i += nal.length;
        }
        return out;
    }

    /** 4-byte length-prefixed access unit of NAL units. */
    public static byte[] lengthPrefixed(byte[]... nals) {
        return io.nightjar.recorder.media.NalUnits.toLengthPrefixed(java.util.List.of(nals));
    }
}
