package io.nightjar.recorder.rtsp;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.util.ReferenceCountUtil;
import io.nightjar.recorder.auth.Authenticator;
import io.nightjar.recorder.auth.Credentials;
import io.nightjar.recorder.sdp.SdpParseException;
import io.nightjar.recorder.sdp.SdpParser;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fuzz target: what a camera sends on the RTSP connection, cut into chunks as TCP would, through
 * the client's own pipeline (interleaved framing, RTSP decoder, aggregator) and then every header
 * the client reads from a response: Session, Transport, RTP-Info, WWW-Authenticate (answered as
 * Digest or Basic) and an SDP body. Decoding never throws; header parsers refuse only with
 * {@link IllegalArgumentException}; interleaved frames always lie inside their buffer.
 */
public final class RtspClientInputFuzz {
    private RtspClientInputFuzz() {
    }

    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        int chunk = data.consumeInt(1, 700);
        byte[] bytes = data.consumeRemainingAsBytes();
        InterleavedFrameDecoder framing = new InterleavedFrameDecoder(RtspClientInputFuzz::frame);
        EmbeddedChannel ch = new EmbeddedChannel(framing, InterleavedFrameDecoder.newRtspDecoder(),
                new HttpObjectAggregator(InterleavedFrameDecoder.MAX_BODY));
        try {
            for (int off = 0; off < bytes.length; off += chunk) {
                ch.writeInbound(Unpooled.wrappedBuffer(bytes, off, Math.min(chunk, bytes.length - off)));
                Object m;
                while ((m = ch.readInbound()) != null) {
                    try {
                        if (m instanceof FullHttpMessage r) {
                            readHeaders(r);
                        }
                    } finally {
                        ReferenceCountUtil.release(m);
                    }
                }
            }
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    private static void frame(int channel, ByteBuf buf, int index, int length) {
        if (channel < 0 || channel > 255 || length <= 0 || length > 65_535 || index < 0 || index + length > buf.writerIndex()) {
            throw new IllegalStateException("interleaved frame on channel " + channel + " at " + index + "+" + length
                    + " outside its buffer of " + buf.writerIndex());
        }
    }

    private static void readHeaders(FullHttpMessage r) {
        String session = r.headers().get(RtspHeaderNames.SESSION);
        String transport = r.headers().get(RtspHeaderNames.TRANSPORT);
        String rtpInfo = r.headers().get(RtspHeaderNames.RTP_INFO);
        try {
            if (session != null) {
                SessionHeader.parse(session);
            }
        } catch (IllegalArgumentException refused) {
            // a clear refusal
        }
        try {
            if (transport != null) {
                TransportHeader.parse(transport);
            }
        } catch (IllegalArgumentException refused) {
            // a clear refusal
        }
        try {
            if (rtpInfo != null) {
                RtpInfo.parse(rtpInfo);
            }
        } catch (IllegalArgumentException refused) {
            // a clear refusal
        }
        List<String> challenges = r.headers().getAll(RtspHeaderNames.WWW_AUTHENTICATE);
        if (!challenges.isEmpty()) {
            Authenticator a = new Authenticator(new Credentials("user", "pass"));
            try {
                if (a.onUnauthorized(challenges) == Authenticator.Outcome.RETRY) {
                    a.authorization("DESCRIBE", "rtsp://camera.example/stream");
                }
            } catch (IllegalArgumentException refused) {
                // a clear refusal
            }
        }
        if (r.content().isReadable()) {
            try {
                SdpParser.parse(r.content().toString(StandardCharsets.UTF_8));
            } catch (SdpParseException refused) {
                // a clear refusal
            }
        }
    }
}
