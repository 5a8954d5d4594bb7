package io.nightjar.recorder.media;

/**
 * Parses an H.265 sequence parameter set (ITU-T H.265 7.3.2.2 and Annex E VUI): picture size after
 * the conformance window, frame rate from VUI timing, and the profile/tier/level for the codec
 * string. The general profile_tier_level bytes are also exposed for building hvcC.
 */
public final class H265SpsParser {
    private H265SpsParser() {
    }

    /** The parsed SPS plus the 12 bytes of the general profile_tier_level. */
    public record Result(SpsInfo info, byte[] generalProfileTierLevel, int maxSubLayersMinus1, boolean temporalIdNesting) {
    }

    public static SpsInfo parse(byte[] nal) throws MalformedBitstreamException {
        return parseFully(nal).info();
    }

    /** @param nal the SPS NAL unit including its two-byte header */
    public static Result parseFully(byte[] nal) throws MalformedBitstreamException {
        if (nal.length < 16) {
            throw new MalformedBitstreamException("H.265 SPS of " + nal.length + " bytes is too short");
        }
        if (NalUnits.h265Type(nal[0]) != NalUnits.H265_SPS) {
            throw new MalformedBitstreamException("NAL type " + NalUnits.h265Type(nal[0]) + " is not an H.265 SPS");
        }
        byte[] rbsp = NalUnits.toRbsp(nal, 2, nal.length - 2);
        BitReader r = new BitReader(rbsp);
        r.skipBits(4); // sps_video_parameter_set_id
        int maxSubLayersMinus1 = r.readBits(3);
        if (maxSubLayersMinus1 > 6) {
            throw new MalformedBitstreamException("sps_max_sub_layers_minus1 = " + maxSubLayersMinus1 + " exceeds 6");
        }
        boolean nesting = r.readFlag();
        byte[] ptl = java.util.Arrays.copyOfRange(rbsp, 1, 13);
        int profileSpace = r.readBits(2);
        boolean tier = r.readFlag();
        int profileIdc = r.readBits(5);
        long compat = r.readBitsLong(32);
        long constraint = r.readBitsLong(48);
        int levelIdc = r.readBits(8);
        skipSubLayers(r, maxSubLayersMinus1);

        r.readUE("sps_seq_parameter_set_id", 0, 15);
        int chromaFormatIdc = r.readUE("chroma_format_idc", 0, 3);
        boolean separateColourPlane = chromaFormatIdc == 3 && r.readFlag();
        int width = r.readUE("pic_width_in_luma_samples", 1, 16888);
        int height = r.readUE("pic_height_in_luma_samples", 1, 16888);
        if (r.readFlag()) { // conformance_window_flag
            int chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
            int subWidthC = chromaArrayType == 1 || chromaArrayType == 2 ? 2 : 1;
            int subHeightC = chromaArrayType == 1 ? 2 : 1;
            // bounded by the picture, so that the arithmetic below cannot overflow (as H.264's did: SpsParserFuzz)
            int left = r.readUE("conf_win_left_offset", 0, width);
            int right = r.readUE("conf_win_right_offset", 0, width);
            int top = r.readUE("conf_win_top_offset", 0, height);
            int bottom = r.readUE("conf_win_bottom_offset", 0, height);
            width -= subWidthC * (left + right);
            height -= subHeightC * (top + bottom);
            if (width <= 0 || height <= 0) {
                throw new MalformedBitstreamException("H.265 conformance window leaves " + width + "x" + height);
            }
        }
        int bitDepthLuma = 8 + r.readUE("bit_depth_luma_minus8", 0, 8);
        int bitDepthChroma = 8 + r.readUE("bit_depth_chroma_minus8", 0, 8);
        int log2MaxPocLsb = r.readUE("log2_max_pic_order_cnt_lsb_minus4", 0, 12) + 4;
        boolean orderingInfo = r.readFlag();
        for (int i = orderingInfo ? 0 : maxSubLayersMinus1; i <= maxSubLayersMinus1; i++) {
            r.readUE();
            r.readUE();
            r.readUE();
        }
        for (int i = 0; i < 6; i++) {
            r.readUE(); // coding/transform block sizes and hierarchy depths
        }
        if (r.readFlag() && r.readFlag()) { // scaling_list_enabled_flag, sps_scaling_list_data_present_flag
            skipScalingListData(r);
        }
        r.readFlag(); // amp_enabled_flag
        r.readFlag(); // sample_adaptive_offset_enabled_flag
        if (r.readFlag()) { // pcm_enabled_flag
            r.skipBits(8);
            r.readUE();
            r.readUE();
            r.readFlag();
        }
        int numShortTermRefPicSets = r.readUE("num_short_term_ref_pic_sets", 0, 64);
        int[] numDeltaPocs = new int[numShortTermRefPicSets];
        for (int i = 0; i < numShortTermRefPicSets; i++) {
            numDeltaPocs[i] = skipShortTermRefPicSet(r, i, numDeltaPocs);
        }
        if (r.readFlag()) { // long_term_ref_pics_present_flag
            int n = r.readUE("num_long_term_ref_pics_sps", 0, 32);
            for (int i = 0; i < n; i++) {
                r.skipBits(log2MaxPocLsb + 1);
            }
        }
        r.readFlag(); // sps_temporal_mvp_enabled_flag
        r.readFlag(); // strong_intra_smoothing_enabled_flag
        double fps = 0;
        if (r.bitsLeft() > 0 && r.readFlag()) {
            fps = readVuiFrameRate(r);
        }
        String codecString = codecString(profileSpace, profileIdc, compat, tier, levelIdc, constraint);
        SpsInfo info = new SpsInfo(width, height, fps, codecString, chromaFormatIdc, bitDepthLuma, bitDepthChroma);
        return new Result(info, ptl, maxSubLayersMinus1, nesting);
    }

    private static void skipSubLayers(BitReader r, int maxSubLayersMinus1) throws MalformedBitstreamException {
        boolean[] profilePresent = new boolean[maxSubLayersMinus1];
        boolean[] levelPresent = new boolean[maxSubLayersMinus1];
        for (int i = 0; i < maxSubLayersMinus1; i++) {
            profilePresent[i] = r.readFlag();
            levelPresent[i] = r.readFlag();
        }
        if (maxSubLayersMinus1 > 0) {
            for (int i = maxSubLayersMinus1; i < 8; i++) {
                r.skipBits(2);
            }
        }
        for (int i = 0; i < maxSubLayersMinus1; i++) {
            if (profilePresent[i]) {
                r.skipBits(88);
            }
            if (levelPresent[i]) {
                r.skipBits(8);
            }
        }
    }

    private static void skipScalingListData(BitReader r) throws MalformedBitstreamException {
        for (int sizeId = 0; sizeId < 4; sizeId++) {
            for (int matrixId = 0; matrixId < 6; matrixId += sizeId == 3 ? 3 : 1) {
                if (!r.readFlag()) {
                    r.readUE(); // scaling_list_pred_matrix_id_delta
                } else {
                    int coefNum = Math.min(64, 1 << (4 + (sizeId << 1)));
                    if (sizeId > 1) {
                        r.readSE();
                    }
                    for (int i = 0; i < coefNum; i++) {
                        r.readSE();
                    }
                }
            }
        }
    }

    /** Skips st_ref_pic_set(idx) and returns its NumDeltaPocs. */
    private static int skipShortTermRefPicSet(BitReader r, int idx, int[] numDeltaPocs) throws MalformedBitstreamException {
        boolean interPrediction = idx != 0 && r.readFlag();
        if (interPrediction) {
            r.readFlag(); // delta_rps_sign
            r.readUE(); // abs_delta_rps_minus1
            int ref = idx - 1; // delta_idx_minus1 is only present in slice headers
            int count = 0;
            for (int j = 0; j <= numDeltaPocs[ref]; j++) {
                boolean used = r.readFlag();
                boolean useDelta = used || r.readFlag();
                if (useDelta) {
                    count++;
                }
            }
            return count;
        }
        int negative = r.readUE("num_negative_pics", 0, 16);
        int positive = r.readUE("num_positive_pics", 0, 16);
        for (int i = 0; i < negative + positive; i++) {
            r.readUE();
            r.readFlag();
        }
        return negative + positive;
    }

    private static double readVuiFrameRate(BitReader r) {
        try {
            if (r.readFlag()) {
                if (r.readBits(8) == 255) {
                    r.skipBits(32);
                }
            }
            if (r.readFlag()) {
                r.readFlag();
            }
            if (r.readFlag()) {
                r.skipBits(4);
                if (r.readFlag()) {
                    r.skipBits(24);
                }
            }
            if (r.readFlag()) {
                r.readUE();
                r.readUE();
            }
            r.skipBits(3); // neutral_chroma_indication, field_seq, frame_field_info_present
            if (r.readFlag()) { // default_display_window_flag
                for (int i = 0; i < 4; i++) {
                    r.readUE();
                }
            }
            if (r.readFlag()) { // vui_timing_info_present_flag
                long unitsInTick = r.readBitsLong(32);
                long timeScale = r.readBitsLong(32);
                if (unitsInTick > 0 && timeScale > 0) {
                    double fps = (double) timeScale / unitsInTick;
                    return fps <= 1000 ? fps : 0;
                }
            }
        } catch (MalformedBitstreamException e) {
            return 0;
        }
        return 0;
    }

    static String codecString(int profileSpace, int profileIdc, long compat, boolean tier, int levelIdc, long constraint) {
        StringBuilder sb = new StringBuilder("hvc1.");
        if (profileSpace > 0) {
            sb.append((char) ('A' + profileSpace - 1));
        }
        sb.append(profileIdc).append('.');
        sb.append(Integer.toHexString(Integer.reverse((int) compat)).toUpperCase(java.util.Locale.ROOT));
        sb.append('.').append(tier ? 'H' : 'L').append(levelIdc);
        byte[] c = new byte[6];
        for (int i = 0; i < 6; i++) {
            c[i] = (byte) (constraint >>> (40 - 8 * i));
        }
        int last = 5;
        while (last >= 0 && c[last] == 0) {
            last--;
        }
        for (int i = 0; i <= last; i++) {
            sb.append('.').append(String.format("%02X", c[i] & 0xFF));
        }
        return sb.toString();
    }
}
