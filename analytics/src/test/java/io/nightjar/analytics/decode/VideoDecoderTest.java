package io.nightjar.analytics.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.nightjar.recorder.media.CodecConfig;
import io.nightjar.recorder.testing.TestClips;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decoding real x264/x265 access units straight from memory, as the analytics tap does. */
class VideoDecoderTest {
    private static List<DecodedFrame> decodeAll(VideoDecoder d, TestClips.Clip clip) throws DecodeException {
        List<DecodedFrame> out = new ArrayList<>();
        CodecConfig config = clip.config();
        for (int i = 0; i < clip.size(); i++) {
            ByteBuf au = Unpooled.directBuffer().writeBytes(clip.accessUnits().get(i));
            try {
                d.decode(au, i * 3600L, i * 40_000L, clip.keys().get(i), config, f -> {
                    assertThat(f.luma().cols()).isEqualTo(320);
                    out.add(f);
                });
            } finally {
                au.release();
            }
        }
        return out;
    }

    @Test
    void decodesH264AndH265AccessUnitsToAnalysisSizeLuma() throws Exception {
        for (TestClips.Clip clip : List.of(TestClips.h264(640, 360, 25, 25, 2), TestClips.h265(640, 360, 25, 25, 2))) {
            try (VideoDecoder d = new VideoDecoder(320)) {
                List<DecodedFrame> frames = decodeAll(d, clip);
                assertThat(frames.size()).as(clip.codec()).isBetween(clip.size() - 1, clip.size());
                assertThat(frames.get(0).luma().rows()).isEqualTo(180);
                assertThat(frames.get(0).sourceWidth()).isEqualTo(640);
                assertThat(frames.get(0).colourfulness()).as("testsrc2 is colourful").isGreaterThan(5);
                assertThat(d.decodeErrors.get()).isZero();
            }
        }
    }

    @Test
    void snapshotsAreJpegs() throws Exception {
        TestClips.Clip clip = TestClips.h264(640, 360, 25, 25, 2);
        try (VideoDecoder d = new VideoDecoder(320)) {
            byte[][] jpeg = new byte[1][];
            ByteBuf au = Unpooled.directBuffer().writeBytes(clip.accessUnits().get(0));
            d.decode(au, 0, 0, true, clip.config(), f -> jpeg[0] = d.snapshotJpeg(640, 80));
            au.release();
            if (jpeg[0] == null) {
                ByteBuf next = Unpooled.directBuffer().writeBytes(clip.accessUnits().get(1));
                d.decode(next, 3600, 40_000, false, clip.config(), f -> jpeg[0] = d.snapshotJpeg(640, 80));
                next.release();
            }
            assertThat(jpeg[0]).isNotNull();
            assertThat(jpeg[0][0] & 0xFF).isEqualTo(0xFF);
            assertThat(jpeg[0][1] & 0xFF).isEqualTo(0xD8);
        }
    }

    @Test
    void corruptDataIsAnErrorAndDecodingResumesAtTheNextKeyframe() throws Exception {
        TestClips.Clip clip = TestClips.h264(320, 180, 25, 25, 2);
        try (VideoDecoder d = new VideoDecoder(320)) {
            int frames = 0;
            int[] count = {0};
            for (int i = 0; i < clip.size(); i++) {
                byte[] bytes = clip.accessUnits().get(i).clone();
                if (i >= 5 && i < 10) {
                    for (int j = 4; j < bytes.length; j++) {
                        bytes[j] = (byte) (j * 31); // garbage after the length prefix
                    }
                }
                ByteBuf au = Unpooled.wrappedBuffer(bytes);
                try {
                    d.decode(au, i * 3600L, 0, clip.keys().get(i), clip.config(), f -> count[0]++);
                } catch (DecodeException e) {
                    assertThat(e.getMessage()).isNotBlank();
                }
            }
            frames = count[0];
            assertThat(frames).as("the second GOP decodes after the damage").isGreaterThanOrEqualTo(25);
        }
    }

    @Test
    void aClosedDecoderRefusesWork() {
        VideoDecoder d = new VideoDecoder(320);
        d.close();
        d.close();
        assertThatThrownBy(() -> d.decode(Unpooled.buffer(1), 0, 0, true, TestClips.h264(320, 180, 25, 25, 2).config(), f -> { }))
                .isInstanceOf(IllegalStateException.class);
    }

    /** Resident memory outside the Java heap, as the OS sees it. */
    private static long nativeBytes() {
        System.gc();
        return org.bytedeco.javacpp.Pointer.physicalBytes() - Runtime.getRuntime().totalMemory();
    }

    @Test
    void decodersOpenedAndClosedManyTimesLeaveNoNativeMemoryBehind() throws Exception {
        TestClips.Clip clip = TestClips.h264(640, 360, 25, 25, 2);
        org.bytedeco.opencv.opencv_core.Mat bgr = new org.bytedeco.opencv.opencv_core.Mat();
        long baseline = 0;
        for (int round = 0; round < 80; round++) {
            if (round == 20) {
                baseline = nativeBytes(); // after warm-up: allocator arenas and caches have settled
            }
            try (VideoDecoder d = new VideoDecoder(320)) {
                CodecConfig config = clip.config();
                for (int i = 0; i < clip.size(); i++) {
                    ByteBuf au = Unpooled.directBuffer().writeBytes(clip.accessUnits().get(i));
                    int n = i;
                    try {
                        d.decode(au, i * 3600L, i * 40_000L, clip.keys().get(i), config, f -> {
                            if (n % 10 == 0) {
                                assertThat(d.snapshotJpeg(640, 80)).isNotNull();
                                assertThat(d.toBgr(bgr, 640, 360)).isTrue();
                            }
                        });
                    } finally {
                        au.release();
                    }
                }
            }
        }
        bgr.close();
        long growth = nativeBytes() - baseline;
        // one leaked H.264 decoder at 640x360 holds several MB of reference pictures: 60 leaks would be hundreds
        assertThat(growth).as("native memory growth over 60 decoder lifetimes (%d bytes)", growth).isLessThan(24L << 20);
    }
}
