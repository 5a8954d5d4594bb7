package io.nightjar.recorder.media.mp4;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.nightjar.recorder.memory.MemoryBudget;
import io.nightjar.recorder.memory.MemoryUse;
import io.nightjar.recorder.ring.PayloadRecycler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fragment holds the ring's payloads themselves, never a copy: the writer's only copy of a
 * footage byte is the one into its aligned staging buffer. Its header describes exactly the
 * samples that follow it.
 */
class FragmentBuilderTest {
    @TempDir
    Path dir;

    private static ByteBuf sample(int size, int fill) {
        ByteBuf b = Unpooled.directBuffer(size + 100);
        b.writeInt(size - 4);
        for (int i = 4; i < size; i++) {
            b.writeByte(fill);
        }
        return b;
    }

    @Test
    void samplesAreTheProducersBuffersRetainedAndChargedUntilClearedThenSentHome() {
        MemoryBudget budget = MemoryBudget.of(1 << 20);
        List<ByteBuf> home = new ArrayList<>();
        PayloadRecycler recycler = home::add;
        FragmentBuilder f = new FragmentBuilder(budget, MemoryUse.FRAGMENTS);
        ByteBuf a = sample(1000, 1);
        ByteBuf b = sample(500, 2);
        f.add(a, recycler, 0, 1_000_000, true);
        f.add(b, recycler, 3600, 1_040_000, false);

        assertThat(f.sample(0)).as("no copy: the very buffer the producer filled").isSameAs(a);
        assertThat(f.sample(1)).isSameAs(b);
        assertThat(a.refCnt()).as("retained for the fragment").isEqualTo(2);
        assertThat(f.dataBytes()).isEqualTo(1500);
        assertThat(budget.used(MemoryUse.FRAGMENTS)).as("charged by capacity").isEqualTo(a.capacity() + b.capacity());

        a.release(); // the ring lets go of its references
        b.release();
        f.clear();
        assertThat(home).as("the last reference goes home to the producer").containsExactly(a, b);
        assertThat(budget.used(MemoryUse.FRAGMENTS)).isZero();
        assertThat(f.isEmpty()).isTrue();
    }

    @Test
    void theHeaderDescribesTheSamplesThatFollowIt() throws IOException, Mp4FormatException {
        FragmentBuilder f = new FragmentBuilder(MemoryBudget.unlimited(), MemoryUse.FRAGMENTS);
        int[] sizes = {1200, 300, 450};
        for (int i = 0; i < sizes.length; i++) {
            f.add(sample(sizes[i], i), null, 90_000 + i * 3600L, 1_795_860_000_000_000L + i * 40_000L, i == 0);
        }
        ByteBuf header = Unpooled.buffer();
        f.writeHeader(header, 7, 5 * 3600, 90_000 + 3 * 3600L);
        Path file = dir.resolve("fragment.mp4");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            ch.write(header.nioBuffer());
            for (int i = 0; i < f.sampleCount(); i++) {
                ch.write(f.sample(i).nioBuffer());
            }
            FragmentInfo info = SegmentFileReader.readFragment(ch, 0);
            assertThat(info.sampleSizes()).containsExactly(sizes);
            assertThat(info.sampleDurations()).containsExactly(3600, 3600, 3600);
            assertThat(info.baseDecodeTime()).isEqualTo(5 * 3600);
            assertThat(info.wallMicros()).isEqualTo(1_795_860_000_000_000L);
            assertThat(info.startsWithKey()).isTrue();
            assertThat(info.dataOffset()).as("samples right after the mdat header").isEqualTo(header.readableBytes());
            assertThat(info.length()).isEqualTo(Files.size(file));
            ByteBuffer second = ByteBuffer.allocate(sizes[1]);
            ch.read(second, info.dataOffset() + sizes[0]);
            assertThat(second.get(4)).isEqualTo((byte) 1);
        }
        f.clear();
    }

    @Test
    void aFragmentHeldInMemoryReadsAsTheSameFileWouldAndACutOneIsAFormatError() throws Exception {
        FragmentBuilder f = new FragmentBuilder(MemoryBudget.unlimited(), MemoryUse.LIVE);
        f.add(sample(900, 3), null, 180_000, 1_795_860_000_000_000L, true);
        ByteBuf message = Unpooled.buffer();
        f.writeHeader(message, 1, 4 * 3600, 180_000 + 3600);
        int header = message.readableBytes();
        f.copyDataTo(message);
        f.clear();
        byte[] bytes = new byte[message.readableBytes()];
        message.readBytes(bytes);

        FragmentInfo info = SegmentFileReader.readFragment(bytes);
        assertThat(info.sampleSizes()).containsExactly(900);
        assertThat(info.baseDecodeTime()).isEqualTo(4 * 3600);
        assertThat(info.wallMicros()).isEqualTo(1_795_860_000_000_000L);
        assertThat(info.startsWithKey()).isTrue();
        assertThat(info.dataOffset()).as("an index into the message").isEqualTo(header);
        assertThat(bytes[header + 4]).isEqualTo((byte) 3);
        for (int cut = 0; cut < bytes.length; cut += 11) {
            byte[] broken = java.util.Arrays.copyOf(bytes, cut);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> SegmentFileReader.readFragment(broken)).as("cut at %d", cut)
                    .isInstanceOf(Mp4FormatException.class);
        }
    }
}
