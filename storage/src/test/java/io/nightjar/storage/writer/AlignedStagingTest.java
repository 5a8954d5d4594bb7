package io.nightjar.storage.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The direct-I/O staging buffer: what goes in comes out, padded with a clean free box. */
class AlignedStagingTest {
    private final AlignedStaging staging = new AlignedStaging();

    @Property(tries = 300)
    void anAppendComesOutWholeThenPaddedToTheBlockWithAZeroedFreeBox(
            @ForAll @IntRange(min = 0, max = 20_000) int first, @ForAll @IntRange(min = 0, max = 20_000) int second,
            @ForAll @IntRange(min = 9, max = 13) int alignmentLog2, @ForAll long seed) {
        int alignment = 1 << alignmentLog2;
        byte[] a = random(first, seed);
        byte[] b = random(second, seed + 1);
        ByteBuffer pa = ByteBuffer.wrap(a);
        ByteBuffer pb = ByteBuffer.allocateDirect(b.length).put(b).flip();

        ByteBuffer out = staging.fill(alignment, pa, pb);

        assertThat(pa.remaining()).as("parts untouched").isEqualTo(first);
        assertThat(pb.remaining()).isEqualTo(second);
        assertThat(out.position()).isZero();
        assertThat(out.remaining() % alignment).isZero();
        assertThat(out.isDirect()).isTrue();
        assertThat(out.alignmentOffset(0, alignment)).as("address aligned").isZero();
        byte[] got = new byte[out.remaining()];
        out.duplicate().get(got);
        assertThat(java.util.Arrays.copyOfRange(got, 0, first)).isEqualTo(a);
        assertThat(java.util.Arrays.copyOfRange(got, first, first + second)).isEqualTo(b);
        int pad = got.length - first - second;
        assertThat(pad).isEqualTo(AlignedStaging.padding(first + second, alignment));
        if (pad > 0) {
            ByteBuffer free = ByteBuffer.wrap(got, first + second, pad);
            assertThat(free.getInt()).as("free box size").isEqualTo(pad);
            byte[] type = new byte[4];
            free.get(type);
            assertThat(new String(type, StandardCharsets.US_ASCII)).isEqualTo("free");
            while (free.hasRemaining()) {
                assertThat(free.get()).as("padding is zeroed").isZero();
            }
        }
    }

    @Test
    void anEmptyFirstAppendStillGetsAnAlignedOffHeapBuffer() {
        ByteBuffer out = staging.fill(4096);
        assertThat(out.remaining()).isZero();
        assertThat(out.isDirect()).isTrue();
        assertThat(out.alignmentOffset(0, 4096)).isZero();
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
    void aLaterSmallerAppendDoesNotCarryTheEarlierBytesIntoItsPadding() {
        byte[] big = new byte[100_000];
        java.util.Arrays.fill(big, (byte) 0x55);
        staging.fill(4096, ByteBuffer.wrap(big));
        ByteBuffer out = staging.fill(4096, ByteBuffer.wrap(new byte[] {1, 2, 3}));
        assertThat(out.remaining()).isEqualTo(4096);
        for (int i = 3 + AlignedStaging.BOX_HEADER; i < 4096; i++) {
            assertThat(out.get(i)).isZero();
        }
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
