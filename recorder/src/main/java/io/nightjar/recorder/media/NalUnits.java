package io.nightjar.recorder.media;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Helpers for NAL units: types, emulation prevention, Annex-B splitting. */
public final class NalUnits {
    public static final int H264_NON_IDR = 1;
    public static final int H264_IDR = 5;
    public static final int H264_SEI = 6;
    public static final int H264_SPS = 7;
    public static final int H264_PPS = 8;
    public static final int H264_AUD = 9;

    public static final int H265_IRAP_FIRST = 16;
    public static final int H265_IRAP_LAST = 23;
    public static final int H265_VPS = 32;
    public static final int H265_SPS = 33;
    public static final int H265_PPS = 34;
    public static final int H265_AUD = 35;
    public static final int H265_PREFIX_SEI = 39;

    private NalUnits() {
    }

    public static int h264Type(int firstByte) {
        return firstByte & 0x1F;
    }

    public static int h265Type(int firstByte) {
        return (firstByte >>> 1) & 0x3F;
    }

    /** A VCL NAL unit carries picture data (as opposed to parameter sets, SEI, delimiters). */
    public static boolean isVcl(Codec codec, int type) {
        return codec == Codec.H264 ? type >= 1 && type <= 5 : type >= 0 && type <= 31;
    }

    /** A NAL unit that starts a picture decodable on its own (IDR for H.264, IRAP for H.265). */
    public static boolean isKey(Codec codec, int type) {
        return codec == Codec.H264 ? type == H264_IDR : type >= H265_IRAP_FIRST && type <= H265_IRAP_LAST;
    }

    /** Removes emulation prevention bytes (00 00 03 → 00 00) to give the RBSP. */
    public static byte[] toRbsp(byte[] nal, int offset, int length) {
        byte[] out = new byte[length];
        int n = 0;
        int zeros = 0;
        for (int i = offset; i < offset + length; i++) {
            int b = nal[i] & 0xFF;
            if (zeros >= 2 && b == 3) {
                zeros = 0;
                continue;
            }
            out[n++] = (byte) b;
            zeros = b == 0 ? zeros + 1 : 0;
        }
        return n == length ? out : java.util.Arrays.copyOf(out, n);
    }

    /** Splits an Annex-B byte stream (00 00 01 / 00 00 00 01 start codes) into NAL units. */
    public static List<byte[]> splitAnnexB(byte[] stream) {
        List<byte[]> units = new ArrayList<>();
        int i = 0;
        int start = -1;
        while (i + 2 < stream.length) {
            if (stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 1) {
                if (start >= 0) {
                    units.add(trimTrailingZeros(stream, start, i));
                }
                i += 3;
                start = i;
            } else {
                i++;
            }
        }
        if (start >= 0 && start < stream.length) {
            units.add(trimTrailingZeros(stream, start, stream.length));
        }
        units.removeIf(u -> u.length == 0);
        return units;
    }

    private static byte[] trimTrailingZeros(byte[] s, int from, int to) {
        int end = to;
        while (end > from && s[end - 1] == 0) {
            end--;
        }
        return java.util.Arrays.copyOfRange(s, from, end);
    }

    /** Joins NAL units into the 4-byte length-prefixed layout used throughout Nightjar. */
    public static byte[] toLengthPrefixed(List<byte[]> nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] nal : nals) {
            out.write(nal.length >>> 24);
            out.write(nal.length >>> 16);
            out.write(nal.length >>> 8);
            out.write(nal.length);
            out.write(nal, 0, nal.length);
        }
        return out.toByteArray();
    }

    /** Splits a 4-byte length-prefixed access unit into NAL units; stops at a length past the end. */
    public static List<byte[]> splitLengthPrefixed(byte[] au) {
        List<byte[]> nals = new ArrayList<>();
        int i = 0;
        while (i + 4 <= au.length) {
            int len = ((au[i] & 0xFF) << 24) | ((au[i + 1] & 0xFF) << 16) | ((au[i + 2] & 0xFF) << 8) | (au[i + 3] & 0xFF);
            i += 4;
            if (len < 0 || len > au.length - i) {
                break;
            }
            nals.add(java.util.Arrays.copyOfRange(au, i, i + len));
            i += len;
        }
        return nals;
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x & 0xFF));
        }
        return sb.toString();
    }
}
