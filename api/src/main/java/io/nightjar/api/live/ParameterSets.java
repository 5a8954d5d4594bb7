package io.nightjar.api.live;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.nightjar.recorder.media.CodecConfig;

/** A configuration's parameter sets as one length-prefixed unit, ready to packetize ahead of a keyframe. */
public final class ParameterSets {
    private ParameterSets() {
    }

    /** An unreleasable (unpooled heap) buffer: 4-byte length, NAL unit, for each of VPS, SPS, PPS. */
    public static ByteBuf lengthPrefixed(CodecConfig c) {
        int n = 0;
        for (byte[] p : c.parameterSets()) {
            n += 4 + p.length;
        }
        ByteBuf b = Unpooled.buffer(n);
        for (byte[] p : c.parameterSets()) {
            b.writeInt(p.length).writeBytes(p);
        }
        return Unpooled.unreleasableBuffer(b);
    }
}
