package io.nightjar.recorder.media;

/**
 * Parses an H.264 sequence parameter set (ITU-T H.264 7.3.2.1.1 and Annex E VUI) far enough to
 * know the picture size and frame rate. Extra bytes after the SPS are ignored, as some cameras
 * append them.
 */
public final class H264SpsParser {
    private H264SpsParser() {
    }

    /** @param nal the SPS NAL unit including its one-byte header */
    public static SpsInfo parse(byte[] nal) throws MalformedBitstreamException {
        if (nal.length < 4) {
            throw new MalformedBitstreamException("H.264 SPS of " + nal.length + " bytes is too short");
        }
        if (NalUnits.h264Type(nal[0]) != NalUnits.H264_SPS) {
            throw new MalformedBitstreamException("NAL type " + NalUnits.h264Type(nal[0]) + " is not an H.264 SPS");
        }
        byte[] rbsp = NalUnits.toRbsp(nal, 1, nal.length - 1);
        BitReader r = new BitReader(rbsp);
        int profileIdc = r.readBits(8);
        int constraints = r.readBits(8);
        int levelIdc = r.readBits(8);
        r.readUE("seq_parameter_set_id", 0, 31);
        int chromaFormatIdc = 1;
        int bitDepthLuma = 8;
        int bitDepthChroma = 8;
        boolean separateColourPlane = false;
        if (hasChromaInfo(profileIdc)) {
            chromaFormatIdc = r.readUE("chroma_format_idc", 0, 3);
            if (chromaFormatIdc == 3) {
                separateColourPlane = r.readFlag();
            }
            bitDepthLuma = 8 + r.readUE("bit_depth_luma_minus8", 0, 6);
            bitDepthChroma = 8 + r.readUE("bit_depth_chroma_minus8", 0, 6);
            r.readFlag(); // qpprime_y_zero_transform_bypass_flag
            if (r.readFlag()) { // seq_scaling_matrix_present_flag
                int lists = chromaFormatIdc != 3 ? 8 : 12;
                for (int i = 0; i < lists; i++) {
                    if (r.readFlag()) {
                        skipScalingList(r, i < 6 ? 16 : 64);
                    }
                }
            }
        }
        r.readUE("log2_max_frame_num_minus4", 0, 12);
        int pocType = r.readUE("pic_order_cnt_type", 0, 2);
        if (pocType == 0) {
            r.readUE("log2_max_pic_order_cnt_lsb_minus4", 0, 12);
        } else if (pocType == 1) {
            r.readFlag();
            r.readSE();
            r.readSE();
            int cycle = r.readUE("num_ref_frames_in_pic_order_cnt_cycle", 0, 255);
            for (int i = 0; i < cycle; i++) {
                r.readSE();
            }
        }
        r.readUE("max_num_ref_frames", 0, 32);
        r.readFlag(); // gaps_in_frame_num_value_allowed_flag
        int widthMbs = r.readUE("pic_width_in_mbs_minus1", 0, 1023) + 1;
        int heightMapUnits = r.readUE("pic_height_in_map_units_minus1", 0, 1023) + 1;
        boolean frameMbsOnly = r.readFlag();
        if (!frameMbsOnly) {
            r.readFlag(); // mb_adaptive_frame_field_flag
        }
        r.readFlag(); // direct_8x8_inference_flag
        int cropLeft = 0;
        int cropRight = 0;
        int cropTop = 0;
        int cropBottom = 0;
        if (r.readFlag()) {
            // bounded by the picture (found by SpsParserFuzz: offsets near 2^31 overflowed the
            // arithmetic below into a picture 2 139 062 160 lines high)
            cropLeft = r.readUE("frame_crop_left_offset", 0, widthMbs * 16);
            cropRight = r.readUE("frame_crop_right_offset", 0, widthMbs * 16);
            cropTop = r.readUE("frame_crop_top_offset", 0, heightMapUnits * 32);
            cropBottom = r.readUE("frame_crop_bottom_offset", 0, heightMapUnits * 32);
        }
        int chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
        int subWidthC = chromaArrayType == 3 ? 1 : 2;
        int subHeightC = chromaArrayType == 1 ? 2 : 1;
        int cropUnitX = chromaArrayType == 0 ? 1 : subWidthC;
        int cropUnitY = (chromaArrayType == 0 ? 1 : subHeightC) * (frameMbsOnly ? 1 : 2);
        int width = widthMbs * 16 - cropUnitX * (cropLeft + cropRight);
        int height = (frameMbsOnly ? 1 : 2) * heightMapUnits * 16 - cropUnitY * (cropTop + cropBottom);
        if (width <= 0 || height <= 0) {
            throw new MalformedBitstreamException("H.264 SPS cropping leaves " + width + "x" + height);
        }
        double fps = 0;
        if (r.readFlag()) { // vui_parameters_present_flag
            fps = readVuiFrameRate(r);
        }
        String codecString = String.format("avc1.%02x%02x%02x", profileIdc, constraints, levelIdc);
        return new SpsInfo(width, height, fps, codecString, chromaFormatIdc, bitDepthLuma, bitDepthChroma);
    }

    static boolean hasChromaInfo(int profileIdc) {
        switch (profileIdc) {
            case 100: case 110: case 122: case 244: case 44: case 83: case 86: case 118: case 128:
            case 138: case 139: case 134: case 135:
                return true;
            default:
                return false;
        }
    }

    private static void skipScalingList(BitReader r, int size) throws MalformedBitstreamException {
        int last = 8;
        int next = 8;
        for (int j = 0; j < size; j++) {
            if (next != 0) {
                int delta = r.readSE();
                next = (last + delta + 256) % 256;
            }
            last = next == 0 ? last : next;
        }
    }

    /** Reads the VUI up to the timing information; a VUI cut short yields 0 (unknown), not an error. */
    private static double readVuiFrameRate(BitReader r) {
        try {
            if (r.readFlag()) { // aspect_ratio_info_present_flag
                int idc = r.readBits(8);
                if (idc == 255) {
                    r.skipBits(32);
                }
            }
            if (r.readFlag()) { // overscan_info_present_flag
                r.readFlag();
            }
            if (r.readFlag()) { // video_signal_type_present_flag
                r.skipBits(4);
                if (r.readFlag()) {
                    r.skipBits(24);
                }
            }
            if (r.readFlag()) { // chroma_loc_info_present_flag
                r.readUE();
                r.readUE();
            }
            if (r.readFlag()) { // timing_info_present_flag
                long unitsInTick = r.readBitsLong(32);
                long timeScale = r.readBitsLong(32);
                if (unitsInTick > 0 && timeScale > 0) {
                    double fps = timeScale / (2.0 * unitsInTick);
                    return fps <= 1000 ? fps : 0;
                }
            }
        } catch (MalformedBitstreamException e) {
            return 0;
        }
        return 0;
    }
}
