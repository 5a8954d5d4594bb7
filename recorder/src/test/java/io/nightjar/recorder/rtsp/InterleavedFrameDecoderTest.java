package io.nightjar.recorder.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Separating '$' frames from RTSP messages on one connection, in front of Netty's RtspDecoder. */
class InterleavedFrameDecoderTest {
    private final List<String> frames = new ArrayList<>();
    private final InterleavedFrameDecoder decoder = new InterleavedFrameDecoder(
            (channel, buf, index, length) -> frames.add(channel + ":" + ByteBufUtil.hexDump(buf, index, length)));
    private final EmbeddedChannel ch = new EmbeddedChannel(decoder, InterleavedFrameDecoder.newRtspDecoder(), new HttpObjectAggregator(1 << 20));

    static byte[] frame(int channel, int... bytes) {
        byte[] rtp = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            rtp[i] = (byte) bytes[i];
        }
        return frame(channel, rtp);
    }

    static byte[] frame(int channel, byte[] rtp) {
        byte[] f = new byte[4 + rtp.length];
        f[0] = '$';
        f[1] = (byte) channel;
        f[2] = (byte) (rtp.length >>> 8);
        f[3] = (byte) rtp.length;
        System.arraycopy(rtp, 0, f, 4, rtp.length);
        return f;
    }

    private void write(byte[]... parts) {
        for (byte[] p : parts) {
            ch.writeInbound(Unpooled.wrappedBuffer(p));
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void framesAndResponsesInterleaveInOrder() {
        byte[] body = ascii("v=0\r\ns=x\r\n");
        write(frame(0, 0x80, 1, 2), ascii("RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Length: " + body.length + "\r\n\r\n"), body,
                frame(1, 0x81, 200));
        assertThat(frames).containsExactly("0:800102", "1:81c8");
        FullHttpResponse r = ch.readInbound();
        assertThat(r.status().code()).isEqualTo(200);
        assertThat(r.headers().get("CSeq")).isEqualTo("2");
        assertThat(r.content().toString(StandardCharsets.US_ASCII)).isEqualTo("v=0\r\ns=x\r\n");
        r.release();
    }

    @Test
    void bytesSplitAnywhereStillDecode() {
        byte[] all = concat(frame(0, 0x80, 9, 9, 9), ascii("RTSP/1.0 200 OK\r\nCSeq: 3\r\n\r\n"), frame(2, 0x80, 7));
        for (byte b : all) {
            write(new byte[] {b});
        }
        assertThat(frames).containsExactly("0:80090909", "2:8007");
        FullHttpResponse r = ch.readInbound();
        assertThat(r.headers().get("CSeq")).isEqualTo("3");
        r.release();
    }

    @Test
    void requestsFromTheCameraArePassedOn() {
        write(ascii("GET_PARAMETER rtsp://client/ RTSP/1.0\r\nCSeq: 9\r\n\r\n"));
        FullHttpRequest req = ch.readInbound();
        assertThat(req.method().name()).isEqualTo("GET_PARAMETER");
        req.release();
    }

    @Test
    void garbageIsSkippedAndCountedThenDecodingResumes() {
        write(ascii("\u0000\u0001garbage-42\r\n"), frame(0, 0x80, 5), ascii("$\u0000\u0000\u0003xyz"), frame(0, 0x80, 6));
        assertThat(frames).containsExactly("0:8005", "0:8006");
        assertThat(decoder.garbageBytes.get()).isGreaterThan(0);
    }

    @Test
    void aHugeContentLengthIsRejectedWithoutBufferingIt() {
        write(ascii("RTSP/1.0 200 OK\r\nCSeq: 1\r\nContent-Length: 999999999\r\n\r\n"), frame(0, 0x80, 1));
        assertThat(decoder.rejectedMessages.get()).isEqualTo(1);
        assertThat(frames).containsExactly("0:8001");
        assertThat((Object) ch.readInbound()).isNull();
    }

    @Test
    void anEndlessHeadIsGarbageAfterTheLimit() {
        StringBuilder sb = new StringBuilder("RTSP/1.0 200 OK\r\n");
        while (sb.length() < InterleavedFrameDecoder.MAX_HEAD + 100) {
            sb.append("X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n");
        }
        write(ascii(sb.toString()), frame(0, 0x80, 3));
        assertThat(decoder.rejectedMessages.get()).isEqualTo(1);
        assertThat(frames).containsExactly("0:8003");
    }

    @Test
    void bareLineFeedsEndAHead() {
        write(ascii("RTSP/1.0 200 OK\nCSeq: 4\n\n"));
        FullHttpResponse r = ch.readInbound();
        assertThat(r.headers().get("CSeq")).isEqualTo("4");
        r.release();
    }

    static byte[] concat(byte[]... parts) {
        ByteBuf b = Unpooled.buffer();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return ByteBufUtil.getBytes(b);
    }
}
