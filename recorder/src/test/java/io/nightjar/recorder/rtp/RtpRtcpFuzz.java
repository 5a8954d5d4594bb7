package io.nightjar.recorder.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Fuzz target: a datagram (or interleaved frame) as RTP and as RTCP. Neither parser may throw;
 * what RTP parses must point inside the packet; RTCP reports what it found and stops at the
 * first malformed length.
 */
public final class RtpRtcpFuzz {
    private static final RtpHeader HEADER = new RtpHeader();
    private static final RtcpParser.Listener LISTENER = new RtcpParser.Listener() {
        @Override
        public void onSenderReport(SenderReport report) {
        }

        @Override
        public void onBye(long ssrc) {
        }
    };

    private RtpRtcpFuzz() {
    }

    public static void fuzzerTestOneInput(byte[] data) {
        // at an offset, as in a receive buffer holding more than this packet
        ByteBuf buf = Unpooled.buffer(data.length + 7).writeZero(3).writeBytes(data).writeZero(4);
        if (HEADER.parse(buf, 3, data.length)) {
            if (HEADER.payloadIndex < 3 || HEADER.payloadLength < 0 || HEADER.payloadIndex + HEADER.payloadLength > 3 + data.length) {
                throw new IllegalStateException("RTP payload [" + HEADER.payloadIndex + ", +" + HEADER.payloadLength
                        + ") outside the packet [3, +" + data.length + ")");
            }
        } else if (HEADER.error == null) {
            throw new IllegalStateException("RTP refused without a reason");
        }
        RtcpParser.parse(buf, 3, data.length, LISTENER);
    }
}
