package io.nightjar.storage.writer;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.nightjar.recorder.memory.MemoryBudget;
import io.nightjar.recorder.memory.MemoryUse;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The direct-I/O staging buffer: what goes in comes out, in block-aligned chunks, padded with a
 * clean free box; it never grows, and its memory is charged to the footage budget.
 */
class AlignedStagingTest {
    private final MemoryBudget budget = MemoryBudget.unlimited();
    /** The smallest buffer (64 KiB), so that appends of a few hundred kilobytes take several chunks. */
    private final AlignedStaging staging = new AlignedStaging(1, budget);

    @Property(tries = 300)
    void anAppendComesOutWholeInAlignedChunksThenPaddedToTheBlockWithAZeroedFreeBox(
            @ForAll @IntRange(min = 0, max = 200_000) int first, @ForAll @IntRange(min = 0, max = 70_000) int second,
            @ForAll @IntRange(min = 9, max = 16) int alignmentLog2, @ForAll long seed) throws Exception {
        int alignment = 1 << alignmentLog2;
        byte[] a = random(first, seed);
        byte[] b = random(second, seed + 1);
        ByteBuf pa = Unpooled.wrappedBuffer(a);
        ByteBuf pb = Unpooled.directBuffer(b.length).writeBytes(b);
        List<Integer> chunkLengths = new ArrayList<>();
        ByteArrayOutputStream got = new ByteArrayOutputStream();

        long total = staging.copy(alignment, new ByteBuf[] {pa, pb}, 2, chunk -> {
            assertThat(chunk.position()).isZero();
            assertThat(chunk.isDirect()).isTrue();
            assertThat(chunk.alignmentOffset(0, alignment)).as("address aligned").isZero();
            chunkLengths.add(chunk.remaining());
            byte[] c = new byte[chunk.remaining()];
            chunk.get(c);
            got.writeBytes(c);
        });

        assertThat(pa.readableBytes()).as("parts untouched").isEqualTo(first);
        assertThat(pb.readableBytes()).isEqualTo(second);
        assertThat(chunkLengths).allMatch(n -> n % alignment == 0 && n <= staging.capacity());
        byte[] out = got.toByteArray();
        assertThat((long) out.length).isEqualTo(total);
        assertThat(java.util.Arrays.copyOfRange(out, 0, first)).isEqualTo(a);
        assertThat(java.util.Arrays.copyOfRange(out, first, first + second)).isEqualTo(b);
        int pad = out.length - first - second;
        assertThat(pad).isEqualTo(AlignedStaging.padding(first + second, alignment));
        if (pad > 0) {
            ByteBuffer free = ByteBuffer.wrap(out, first + second, pad);
            assertThat(free.getInt()).as("free box size").isEqualTo(pad);
            byte[] type = new byte[4];
            free.get(type);
            assertThat(new String(type, StandardCharsets.US_ASCII)).isEqualTo("free");
            while (free.hasRemaining()) {
                assertThat(free.get()).as("padding is zeroed").isZero();
            }
        }
        assertThat(staging.needsChunks(first + second, alignment)).isEqualTo(chunkLengths.size() > 1);
        pb.release();
    }

    @Test
    void anEmptyAppendWritesNothing() throws Exception {
        List<Integer> chunks = new ArrayList<>();
        assertThat(staging.copy(4096, new ByteBuf[0], 0, c -> chunks.add(c.remaining()))).isZero();
        assertThat(chunks).isEmpty();
    }

    @Test
    void paddingIsNeverTooShortForABoxHeader() {
        for (long length = 0; length < 3 * 4096; length++) {
            int pad = AlignedStaging.padding(length, 4096);
            assertThat((length + pad) % 4096).isZero();
            assertThat(pad == 0 || pad >= AlignedStaging.BOX_HEADER).as("length %d", length).isTrue();
        }
    }

    @Test
    void aLaterSmallerAppendDoesNotCarryTheEarlierBytesIntoItsPadding() throws Exception {
        byte[] big = new byte[100_000];
        java.util.Arrays.fill(big, (byte) 0x55);
        staging.copy(4096, new ByteBuf[] {Unpooled.wrappedBuffer(big)}, 1, c -> { });
        ByteBuffer[] last = new ByteBuffer[1];
        staging.copy(4096, new ByteBuf[] {Unpooled.wrappedBuffer(new byte[] {1, 2, 3})}, 1, c -> last[0] = c.duplicate());
        ByteBuffer out = last[0];
        assertThat(out.remaining()).isEqualTo(4096);
        for (int i = 3 + AlignedStaging.BOX_HEADER; i < 4096; i++) {
            assertThat(out.get(i)).isZero();
        }
    }

    @Test
    void itsMemoryIsChargedOnceAndGivenBackOnClose() {
        MemoryBudget b = MemoryBudget.unlimited();
        AlignedStaging s = new AlignedStaging(AlignedStaging.DEFAULT_CAPACITY, b);
        assertThat(b.used(MemoryUse.STAGING)).isGreaterThanOrEqualTo(AlignedStaging.DEFAULT_CAPACITY);
        s.close();
        assertThat(b.used(MemoryUse.STAGING)).isZero();
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
