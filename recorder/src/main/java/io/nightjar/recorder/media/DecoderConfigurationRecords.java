package io.nightjar.recorder.media;

import java.io.ByteArrayOutputStream;

/**
 * Builds the ISO/IEC 14496-15 decoder configuration records: AVCDecoderConfigurationRecord
 * ({@code avcC}) and HEVCDecoderConfigurationRecord ({@code hvcC}). Both declare 4-byte NAL unit
 * lengths, matching the access unit layout of the ring.
 */
public final class DecoderConfigurationRecords {
    private DecoderConfigurationRecords() {
    }

    public static byte[] avcC(byte[] sps, byte[] pps, SpsInfo info) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(1); // configurationVersion
        out.write(sps[1]); // AVCProfileIndication
        out.write(sps[2]); // profile_compatibility
        out.write(sps[3]); // AVCLevelIndication
        out.write(0xFC | 3); // lengthSizeMinusOne = 3
        out.write(0xE0 | 1); // one SPS
        writeU16(out, sps.length);
        out.write(sps, 0, sps.length);
        out.write(1); // one PPS
        writeU16(out, pps.length);
        out.write(pps, 0, pps.length);
        if (H264SpsParser.hasChromaInfo(sps[1] & 0xFF)) {
            out.write(0xFC | (info.chromaFormat() & 3));
            out.write(0xF8 | ((info.bitDepthLuma() - 8) & 7));
            out.write(0xF8 | ((info.bitDepthChroma() - 8) & 7));
            out.write(0); // numOfSequenceParameterSetExt
        }
        return out.toByteArray();
    }

    public static byte[] hvcC(byte[] vps, byte[] sps, byte[] pps, H265SpsParser.Result parsed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(1); // configurationVersion
        byte[] ptl = parsed.generalProfileTierLevel();
        out.write(ptl, 0, 12); // profile space/tier/idc, compatibility flags, constraint flags, level
        writeU16(out, 0xF000); // min_spatial_segmentation_idc = 0
        out.write(0xFC); // parallelismType = 0 (unknown)
        out.write(0xFC | (parsed.info().chromaFormat() & 3));
        out.write(0xF8 | ((parsed.info().bitDepthLuma() - 8) & 7));
        out.write(0xF8 | ((parsed.info().bitDepthChroma() - 8) & 7));
        writeU16(out, 0); // avgFrameRate unknown
        int numTemporalLayers = parsed.maxSubLayersMinus1() + 1;
        out.write((numTemporalLayers << 3) | ((parsed.temporalIdNesting() ? 1 : 0) << 2) | 3);
        out.write(3); // numOfArrays
        writeArray(out, NalUnits.H265_VPS, vps);
        writeArray(out, NalUnits.H265_SPS, sps);
        writeArray(out, NalUnits.H265_PPS, pps);
        return out.toByteArray();
    }

    private static void writeArray(ByteArrayOutputStream out, int type, byte[] nal) {
        out.write(0x80 | type); // array_completeness = 1
        writeU16(out, 1);
        writeU16(out, nal.length);
        out.write(nal, 0, nal.length);
    }

    private static void writeU16(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8);
        out.write(v);
    }
}
