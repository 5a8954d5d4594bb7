package io.nightjar.recorder.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nightjar.recorder.testing.Rtp;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** SPS parsing against parameter sets produced by real encoders (x264, x265). */
class SpsParserTest {
    /** A baseline 320x240 H.264 SPS with frame cropping, written bit by bit (emulation prevention included). */
    static byte[] h264SpsCropping(long left, long right, long top, long bottom) {
        Bits b = new Bits();
        b.u(8, 66).u(8, 0).u(8, 30); // profile_idc baseline, constraints, level 3.0
        b.ue(0).ue(0).ue(2).ue(1).u(1, 0); // sps id, log2_max_frame_num-4, poc type 2, 1 ref frame, no gaps
        b.ue(19).ue(14).u(1, 1).u(1, 1); // 20x15 macroblocks, frame_mbs_only, direct_8x8
        b.u(1, 1).ue(left).ue(right).ue(top).ue(bottom).u(1, 0); // cropping, no VUI
        return b.nal(0x67);
    }

    /** Found by SpsParserFuzz: crop offsets near 2^31 overflowed into a picture 2 139 062 160 lines high. */
    @Test
    void cropOffsetsBeyondThePictureAreRefusedNotOverflowed() throws Exception {
        assertThat(H264SpsParser.parse(h264SpsCropping(0, 0, 0, 0)).height()).as("the builder makes a valid SPS").isEqualTo(240);
        assertThat(H264SpsParser.parse(h264SpsCropping(0, 0, 0, 4)).height()).isEqualTo(232);
        assertThatThrownBy(() -> H264SpsParser.parse(h264SpsCropping(0, 0, 0, (1L << 31) - 4)))
                .isInstanceOf(MalformedBitstreamException.class);
        assertThatThrownBy(() -> H264SpsParser.parse(h264SpsCropping(1L << 30, 0, 0, 0)))
                .isInstanceOf(MalformedBitstreamException.class).hasMessageContaining("frame_crop_left_offset");
    }

    /** An RBSP written MSB first, turned into a NAL unit with emulation prevention. */
    static final class Bits {
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        private int cur;
        private int n;

        Bits u(int bits, long v) {
            for (int i = bits - 1; i >= 0; i--) {
                cur = (cur << 1) | (int) ((v >>> i) & 1);
                if (++n == 8) {
                    out.write(cur);
                    cur = 0;
                    n = 0;
                }
            }
            return this;
        }

        Bits ue(long v) {
            long x = v + 1;
            int len = 64 - Long.numberOfLeadingZeros(x);
            return u(len - 1, 0).u(len, x);
        }

        byte[] nal(int header) {
            u(1, 1); // rbsp_stop_one_bit
            while (n != 0) {
                u(1, 0);
            }
            java.io.ByteArrayOutputStream nal = new java.io.ByteArrayOutputStream();
            nal.write(header);
            int zeros = 0;
            for (byte x : out.toByteArray()) {
                if (zeros >= 2 && (x & 0xFF) <= 3) {
                    nal.write(3);
                    zeros = 0;
                }
                nal.write(x);
                zeros = x == 0 ? zeros + 1 : 0;
            }
            return nal.toByteArray();
        }
    }

    @Test
    void h264HighProfile1080p() throws Exception {
        SpsInfo info = H264SpsParser.parse(Rtp.SPS_1080P_HIGH);
        assertThat(info.width()).isEqualTo(1920);
        assertThat(info.height()).as("1088 coded rows cropped to 1080").isEqualTo(1080);
        assertThat(info.fps()).isEqualTo(25.0);
        assertThat(info.codecString()).isEqualTo("avc1.640028");
        assertThat(info.chromaFormat()).isEqualTo(1);
    }

    @Test
    void h264BaselineProfile360p() throws Exception {
        SpsInfo info = H264SpsParser.parse(Rtp.SPS_360P_BASELINE);
        assertThat(info.width()).isEqualTo(640);
        assertThat(info.height()).isEqualTo(360);
        assertThat(info.fps()).isEqualTo(15.0);
        assertThat(info.codecString()).isEqualTo("avc1.42c016");
    }

    @Test
    void h265MainProfile720p() throws Exception {
        SpsInfo info = H265SpsParser.parse(Rtp.SPS_720P_MAIN);
        assertThat(info.width()).isEqualTo(1280);
        assertThat(info.height()).isEqualTo(720);
        assertThat(info.fps()).isEqualTo(30.0);
        assertThat(info.codecString()).isEqualTo("hvc1.1.6.L93.90");
    }

    @Test
    void truncatedParameterSetsAreReportedNotMisread() {
        byte[] cut = Arrays.copyOf(Rtp.SPS_1080P_HIGH, 6);
        assertThatThrownBy(() -> H264SpsParser.parse(cut)).isInstanceOf(MalformedBitstreamException.class);
        assertThatThrownBy(() -> H264SpsParser.parse(Rtp.PPS_1080P_HIGH)).hasMessageContaining("not an H.264 SPS");
        assertThatThrownBy(() -> H265SpsParser.parse(Arrays.copyOf(Rtp.SPS_720P_MAIN, 20))).isInstanceOf(MalformedBitstreamException.class);
    }

    @Test
    void emulationPreventionBytesAreRemoved() {
        byte[] rbsp = NalUnits.toRbsp(new byte[] {1, 0, 0, 3, 1, 0, 0, 3, 0, 5}, 0, 10);
        assertThat(rbsp).containsExactly(1, 0, 0, 1, 0, 0, 0, 5);
    }

    @Test
    void decoderConfigurationRecordsFollowIso14496Part15() throws Exception {
        CodecConfig avc = CodecConfig.h264(Rtp.SPS_1080P_HIGH, Rtp.PPS_1080P_HIGH);
        byte[] avcC = avc.decoderConfigurationRecord();
        assertThat(avcC[0]).isEqualTo((byte) 1);
        assertThat(avcC[1]).isEqualTo((byte) 0x64);
        assertThat(avcC[4] & 3).as("4-byte lengths").isEqualTo(3);
        assertThat(avcC[5] & 0x1F).isEqualTo(1);
        assertThat(avcC.length).as("high profile carries the chroma extension").isEqualTo(6 + 2 + Rtp.SPS_1080P_HIGH.length + 1 + 2 + Rtp.PPS_1080P_HIGH.length + 4);

        CodecConfig hevc = CodecConfig.h265(Rtp.VPS_720P_MAIN, Rtp.SPS_720P_MAIN, Rtp.PPS_720P_MAIN);
        byte[] hvcC = hevc.decoderConfigurationRecord();
        assertThat(hvcC[0]).isEqualTo((byte) 1);
        assertThat(hvcC[1] & 0x1F).as("general_profile_idc Main").isEqualTo(1);
        assertThat(hvcC[21] & 3).as("4-byte lengths").isEqualTo(3);
        assertThat(hvcC[22]).as("three arrays").isEqualTo((byte) 3);
        assertThat(hvcC[23] & 0x3F).isEqualTo(32);
    }

    @Property(tries = 500)
    void mutatedSpsNeverThrowsAnythingButMalformed(@ForAll @IntRange(min = 1, max = 200) int position, @ForAll byte value,
                                                    @ForAll @IntRange(min = 1, max = 60) int length, @ForAll boolean h265) {
        byte[] base = h265 ? Rtp.SPS_720P_MAIN : Rtp.SPS_1080P_HIGH;
        byte[] m = Arrays.copyOf(base, Math.min(length, base.length));
        m[position % m.length == 0 ? Math.min(1, m.length - 1) : position % m.length] = value;
        try {
            SpsInfo info = h265 ? H265SpsParser.parse(m) : H264SpsParser.parse(m);
            assertThat(info.width()).isPositive();
            assertThat(info.height()).isPositive();
        } catch (MalformedBitstreamException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
