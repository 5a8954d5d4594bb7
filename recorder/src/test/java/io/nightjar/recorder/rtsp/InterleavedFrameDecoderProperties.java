package io.nightjar.recorder.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The framing decoder on random input never throws, and on a valid stream cut into random
 * chunks with garbage between messages it still delivers every frame and message.
 */
class InterleavedFrameDecoderProperties {

    @Provide
    Arbitrary<List<byte[]>> chunks() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300).list().ofMaxSize(40);
    }

    @Property(tries = 500)
    void randomBytesNeverThrow(@ForAll("chunks") List<byte[]> input) {
        List<Integer> lengths = new ArrayList<>();
        InterleavedFrameDecoder d = new InterleavedFrameDecoder((c, b, i, l) -> lengths.add(l));
        EmbeddedChannel ch = new EmbeddedChannel(d);
        for (byte[] c : input) {
            ch.writeInbound(Unpooled.wrappedBuffer(c));
        }
        Object m;
        while ((m = ch.readInbound()) != null) {
            io.netty.util.ReferenceCountUtil.release(m);
        }
        assertThat(lengths).allMatch(l -> l > 0 && l <= 65535);
        ch.finishAndReleaseAll();
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(1, 200).list().ofMinSize(1).ofMaxSize(50);
    }

    @Property(tries = 300)
    void validStreamsSurviveAnyChunkingAndGarbageBetweenUnits(@ForAll("cuts") List<Integer> cuts,
                                                               @ForAll("garbage") List<String> garbage) {
        List<byte[]> units = new ArrayList<>();
        int expectedFrames = 0;
        int expectedMessages = 0;
        for (int i = 0; i < 12; i++) {
            if (i % 3 == 0) {
                units.add(("RTSP/1.0 200 OK\r\nCSeq: " + i + "\r\nContent-Length: 3\r\n\r\nabc").getBytes(StandardCharsets.US_ASCII));
                expectedMessages++;
            } else {
                byte[] rtp = new byte[20 + i * 37];
                rtp[0] = (byte) 0x80;
                rtp[1] = (byte) i;
                units.add(InterleavedFrameDecoderTest.frame(i % 4, rtp));
                expectedFrames++;
            }
            String g = garbage.isEmpty() ? "" : garbage.get(i % garbage.size());
            units.add(g.getBytes(StandardCharsets.US_ASCII));
        }
        byte[] stream = InterleavedFrameDecoderTest.concat(units.toArray(new byte[0][]));
        List<Integer> frames = new ArrayList<>();
        InterleavedFrameDecoder d = new InterleavedFrameDecoder((c, b, i, l) -> frames.add(l));
        EmbeddedChannel ch = new EmbeddedChannel(d);
        int pos = 0;
        int k = 0;
        while (pos < stream.length) {
            int n = Math.min(cuts.get(k++ % cuts.size()), stream.length - pos);
            ch.writeInbound(Unpooled.wrappedBuffer(stream, pos, n));
            pos += n;
        }
        int messages = 0;
        Object m;
        while ((m = ch.readInbound()) != null) {
            String s = ((io.netty.buffer.ByteBuf) m).toString(StandardCharsets.US_ASCII);
            assertThat(s).startsWith("RTSP/1.0 200 OK").endsWith("abc");
            io.netty.util.ReferenceCountUtil.release(m);
            messages++;
        }
        assertThat(frames).hasSize(expectedFrames);
        assertThat(messages).isEqualTo(expectedMessages);
        ch.finishAndReleaseAll();
    }

    /** Garbage a broken camera might emit between units: no '$' and no upper-case letters. */
    @Provide
    Arbitrary<List<String>> garbage() {
        return Arbitraries.strings().withChars("abcdefxyz0123456789 \r\n\t#%&").ofMaxLength(30).list().ofMaxSize(5);
    }

    @SuppressWarnings("unused")
    private static String hex(byte[] b) {
        return ByteBufUtil.hexDump(b);
    }
}
