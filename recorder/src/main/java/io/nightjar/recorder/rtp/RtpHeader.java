package io.nightjar.recorder.rtp;

import io.netty.buffer.ByteBuf;

/**
 * Parses an RTP fixed header in place (no allocation): the parsed fields are held in this
 * reusable instance until the next {@link #parse} call.
 */
public final class RtpHeader {
    public int payloadType;
    public boolean marker;
    public int sequence;
    public long timestamp;
    public long ssrc;
    public int payloadIndex;
    public int payloadLength;
    /** Why the last {@link #parse} failed, or null. */
    public String error;

    /** @return true when {@code [index, index+length)} holds a well-formed RTP packet */
    public boolean parse(ByteBuf buf, int index, int length) {
        error = null;
        if (length < 12) {
            error = "RTP packet of " + length + " bytes is shorter than the 12-byte header";
            return false;
        }
        int b0 = buf.getUnsignedByte(index);
        if ((b0 >>> 6) != 2) {
            error = "RTP version " + (b0 >>> 6) + " is not 2";
            return false;
        }
        int b1 = buf.getUnsignedByte(index + 1);
        marker = (b1 & 0x80) != 0;
        payloadType = b1 & 0x7F;
        sequence = buf.getUnsignedShort(index + 2);
        timestamp = buf.getUnsignedInt(index + 4);
        ssrc = buf.getUnsignedInt(index + 8);
        int headerLength = 12 + 4 * (b0 & 0x0F);
        if ((b0 & 0x10) != 0) {
            if (headerLength + 4 > length) {
                error = "RTP header extension past the end of a " + length + "-byte packet";
                return false;
            }
            headerLength += 4 + 4 * buf.getUnsignedShort(index + headerLength + 2);
        }
        int padding = 0;
        if ((b0 & 0x20) != 0) {
            padding = buf.getUnsignedByte(index + length - 1);
            if (padding == 0) {
                error = "RTP padding flag with a zero padding count";
                return false;
            }
        }
        int payload = length - headerLength - padding;
        if (payload < 0) {
            error = "RTP header (" + headerLength + ") and padding (" + padding + ") exceed the " + length + "-byte packet";
            return false;
        }
        payloadIndex = index + headerLength;
        payloadLength = payload;
        return true;
    }
}
