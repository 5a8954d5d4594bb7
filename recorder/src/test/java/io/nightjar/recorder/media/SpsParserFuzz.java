package io.nightjar.recorder.media;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;

/**
 * Fuzz target: H.264 and H.265 sequence parameter sets (from the SDP or in band) through the
 * parsers and into the decoder configuration records written to every init segment. Bad
 * bitstreams may only be refused with {@link MalformedBitstreamException}; what parses must
 * describe a picture that can exist.
 */
public final class SpsParserFuzz {
    private SpsParserFuzz() {
    }

    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        boolean h265 = data.consumeBoolean();
        byte[] pps = data.consumeBytes(64);
        byte[] vps = data.consumeBytes(64);
        byte[] sps = data.consumeRemainingAsBytes();
        try {
            if (h265) {
                H265SpsParser.Result r = H265SpsParser.parseFully(sps);
                check(r.info());
                DecoderConfigurationRecords.hvcC(vps, sps, pps, r);
            } else {
                SpsInfo info = H264SpsParser.parse(sps);
                check(info);
                DecoderConfigurationRecords.avcC(sps, pps, info);
            }
        } catch (MalformedBitstreamException refused) {
            // a clear refusal
        }
    }

    private static void check(SpsInfo info) {
        if (info.width() <= 0 || info.height() <= 0 || info.width() > 65_536 || info.height() > 65_536) {
            throw new IllegalStateException("an SPS parsed to a picture of " + info.width() + "x" + info.height());
        }
        if (Double.isNaN(info.fps()) || info.fps() < 0) {
            throw new IllegalStateException("an SPS parsed to " + info.fps() + " fps");
        }
    }
}
