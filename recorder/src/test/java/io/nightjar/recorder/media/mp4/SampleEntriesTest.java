package io.nightjar.recorder.media.mp4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nightjar.recorder.media.CodecConfig;
import io.nightjar.recorder.testing.TestClips;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stored sample entry gives back the codec configuration it was built from. */
class SampleEntriesTest {
    @TempDir
    Path dir;

    @Test
    void h264AndH265ConfigurationsSurviveTheRoundTripThroughAnInitSegment() throws Exception {
        for (TestClips.Clip clip : new TestClips.Clip[] {TestClips.h264(320, 180, 25, 25, 1), TestClips.h265(320, 180, 25, 25, 1)}) {
            CodecConfig original = clip.config();
            Path f = dir.resolve(original.codec() + ".mp4");
            Files.write(f, InitSegment.build(original));
            try (FileChannel ch = FileChannel.open(f)) {
                CodecConfig back = SampleEntries.codecConfig(SegmentFileReader.readInit(ch).sampleEntry());
                assertThat(back).isEqualTo(original);
                assertThat(back.codecString()).isEqualTo(original.codecString());
            }
        }
    }

    @Test
    void anInitSegmentHeldInMemoryReadsAsTheSameFileWould() throws Exception {
        CodecConfig original = TestClips.h265(320, 180, 25, 25, 1).config();
        byte[] init = InitSegment.build(original);
        assertThat(SampleEntries.codecConfig(SegmentFileReader.readInit(init).sampleEntry())).isEqualTo(original);
        for (int cut = 0; cut < init.length; cut += 7) {
            byte[] broken = Arrays.copyOf(init, cut);
            assertThatThrownBy(() -> SampleEntries.codecConfig(SegmentFileReader.readInit(broken).sampleEntry()))
                    .as("cut at %d", cut).isInstanceOf(Mp4FormatException.class);
        }
    }

    @Test
    void aTruncatedEntryIsAFormatErrorNotACrash() throws Exception {
        CodecConfig original = TestClips.h264(320, 180, 25, 25, 1).config();
        Path f = dir.resolve("x.mp4");
        Files.write(f, InitSegment.build(original));
        byte[] entry;
        try (FileChannel ch = FileChannel.open(f)) {
            entry = SegmentFileReader.readInit(ch).sampleEntry();
        }
        for (int cut = 80; cut < entry.length; cut += 3) {
            byte[] broken = Arrays.copyOf(entry, cut);
            assertThatThrownBy(() -> SampleEntries.codecConfig(broken)).isInstanceOf(Mp4FormatException.class);
        }
    }
}
