package io.nightjar.api.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** RTCP packets the server sends: BYE at the end of a playback (players treat it as end of stream). */
final class RtcpBye {
    private RtcpBye() {
    }

    static ByteBuf bye(ByteBufAllocator alloc, long ssrc) {
        ByteBuf b = alloc.buffer(8);
        b.writeByte(0x81); // V=2, SC=1
        b.writeByte(203); // BYE
        b.writeShort(1); // length in 32-bit words minus one
        b.writeInt((int) ssrc);
        return b;
    }
}
