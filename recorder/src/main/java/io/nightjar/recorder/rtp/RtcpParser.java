package io.nightjar.recorder.rtp;

import io.netty.buffer.ByteBuf;

/**
 * Walks an RTCP compound packet and reports sender reports and BYEs. Anything else is skipped.
 * Malformed lengths end the walk; they never throw.
 */
public final class RtcpParser {
    public static final int SR = 200;
    public static final int RR = 201;
    public static final int SDES = 202;
    public static final int BYE = 203;

    /** What the parser found. */
    public interface Listener {
        void onSenderReport(SenderReport report);

        default void onBye(long ssrc) {
        }
    }

    private RtcpParser() {
    }

    /** @return false when the compound packet was malformed (what came before it was reported) */
    public static boolean parse(ByteBuf buf, int index, int length, Listener listener) {
        int pos = index;
        int end = index + length;
        while (pos + 4 <= end) {
            int b0 = buf.getUnsignedByte(pos);
            if ((b0 >>> 6) != 2) {
                return false;
            }
            int pt = buf.getUnsignedByte(pos + 1);
            int words = buf.getUnsignedShort(pos + 2);
            int packetLength = (words + 1) * 4;
            if (pos + packetLength > end) {
                return false;
            }
            if (pt == SR && packetLength >= 28) {
                long ssrc = buf.getUnsignedInt(pos + 4);
                long ntp = buf.getLong(pos + 8);
                long rtp = buf.getUnsignedInt(pos + 16);
                listener.onSenderReport(new SenderReport(ssrc, ntp, rtp));
            } else if (pt == BYE && (b0 & 0x1F) > 0 && packetLength >= 8) {
                listener.onBye(buf.getUnsignedInt(pos + 4));
            }
            pos += packetLength;
        }
        return pos == end;
    }
}
