package io.nightjar.recorder.media.mp4;

import io.nightjar.recorder.media.CodecConfig;
import io.nightjar.recorder.media.MalformedBitstreamException;
import java.util.Arrays;

/**
 * Recovers a {@link CodecConfig} from a stored sample entry ({@code avc1}/{@code hvc1} with its
 * {@code avcC}/{@code hvcC}): what playback of recordings needs to describe the stream (SDP,
 * decoders) without the camera.
 */
public final class SampleEntries {
    /** Bytes of a visual sample entry before its child boxes (ISO 14496-12 12.1.3). */
    private static final int VISUAL_ENTRY_HEADER = 86;

    private SampleEntries() {
    }

    public static CodecConfig codecConfig(byte[] entry) throws Mp4FormatException {
        int pos = VISUAL_ENTRY_HEADER;
        while (pos + 8 <= entry.length) {
            int size = getInt(entry, pos);
            if (size < 8 || pos + size > entry.length) {
                throw new Mp4FormatException("sample entry child box of " + size + " bytes at " + pos + " does not fit");
            }
            String type = new String(entry, pos + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            byte[] body = Arrays.copyOfRange(entry, pos + 8, pos + size);
            try {
                if (type.equals("avcC")) {
                    return avcC(body);
                }
                if (type.equals("hvcC")) {
                    return hvcC(body);
                }
            } catch (MalformedBitstreamException | IndexOutOfBoundsException e) {
                throw new Mp4FormatException(type + " is malformed: " + e.getMessage());
            }
            pos += size;
        }
        throw new Mp4FormatException("sample entry has neither avcC nor hvcC");
    }

    private static CodecConfig avcC(byte[] b) throws MalformedBitstreamException, Mp4FormatException {
        int pos = 5;
        int spsCount = b[pos++] & 0x1F;
        byte[] sps = null;
        for (int i = 0; i < spsCount; i++) {
            int len = getShort(b, pos);
            byte[] nal = Arrays.copyOfRange(b, pos + 2, pos + 2 + len);
            sps = sps == null ? nal : sps;
            pos += 2 + len;
        }
        int ppsCount = b[pos++] & 0xFF;
        byte[] pps = null;
        for (int i = 0; i < ppsCount; i++) {
            int len = getShort(b, pos);
            byte[] nal = Arrays.copyOfRange(b, pos + 2, pos + 2 + len);
            pps = pps == null ? nal : pps;
            pos += 2 + len;
        }
        if (sps == null || pps == null) {
            throw new Mp4FormatException("avcC lacks an SPS or a PPS");
        }
        return CodecConfig.h264(sps, pps);
    }

    private static CodecConfig hvcC(byte[] b) throws MalformedBitstreamException, Mp4FormatException {
        int pos = 22;
        int arrays = b[pos++] & 0xFF;
        byte[] vps = null;
        byte[] sps = null;
        byte[] pps = null;
        for (int a = 0; a < arrays; a++) {
            int type = b[pos++] & 0x3F;
            int count = getShort(b, pos);
            pos += 2;
            for (int i = 0; i < count; i++) {
                int len = getShort(b, pos);
                byte[] nal = Arrays.copyOfRange(b, pos + 2, pos + 2 + len);
                pos += 2 + len;
                if (type == 32 && vps == null) {
                    vps = nal;
                } else if (type == 33 && sps == null) {
                    sps = nal;
                } else if (type == 34 && pps == null) {
                    pps = nal;
                }
            }
        }
        if (vps == null || sps == null || pps == null) {
            throw new Mp4FormatException("hvcC lacks a VPS, SPS or PPS");
        }
        return CodecConfig.h265(vps, sps, pps);
    }

    private static int getInt(byte[] b, int i) {
        return ((b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    private static int getShort(byte[] b, int i) {
        if (i + 2 > b.length) {
            throw new IndexOutOfBoundsException("record ends at " + b.length + " bytes");
        }
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }
}
