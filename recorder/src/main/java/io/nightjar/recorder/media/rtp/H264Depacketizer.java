package io.nightjar.recorder.media.rtp;

import io.netty.buffer.ByteBuf;
import io.nightjar.recorder.media.Codec;

/**
 * RFC 6184 depacketizer (non-interleaved mode): single NAL unit packets, STAP-A and FU-A.
 * STAP-B, MTAP and FU-B belong to the interleaved mode that cameras do not use; they are counted
 * as unsupported and skipped.
 */
public final class H264Depacketizer extends AbstractDepacketizer {
    private static final int STAP_A = 24;
    private static final int FU_A = 28;

    public H264Depacketizer(DepacketizerSettings settings, AccessUnitListener listener) {
        super(Codec.H264, settings, listener);
    }

    /** Parameter sets from the SDP's sprop-parameter-sets; in-band ones take precedence later. */
    public void seedParameterSets(byte[] sps, byte[] pps) {
        assembler.parameterSets().seed(null, sps, pps);
    }

    @Override
    public void onPacket(ByteBuf buf, int index, int length, long timestamp, boolean marker) {
        if (length < 1) {
            stats.emptyNalUnits.increment();
            return;
        }
        assembler.beginPacket(timestamp);
        int header = buf.getUnsignedByte(index);
        int type = header & 0x1F;
        if (type >= 1 && type <= 23) {
            single(buf, index, length);
        } else if (type == FU_A) {
            fragment(buf, index, length, header);
        } else if (type == STAP_A) {
            aggregate(buf, index + 1, index + length, false);
        } else if (type == 0 && AnnexBScanner.startsWithStartCode(buf, index, length)) {
            stats.annexBPayloads.increment();
            AnnexBScanner.split(buf, index, length, addNal);
        } else {
            stats.unsupportedPackets.increment();
        }
        if (marker) {
            assembler.marker();
        }
    }

    private void single(ByteBuf buf, int index, int length) {
        if ((buf.getByte(index) & 0x80) != 0) {
            stats.malformedPackets.increment(); // forbidden_zero_bit set
            return;
        }
        assembler.addNal(buf, index, length);
    }

    private void fragment(ByteBuf buf, int index, int length, int indicator) {
        if (length < 2) {
            stats.malformedPackets.increment();
            return;
        }
        int fuHeader = buf.getUnsignedByte(index + 1);
        boolean start = (fuHeader & 0x80) != 0;
        int nalType = fuHeader & 0x1F;
        if (start) {
            assembler.startNal((indicator & 0xE0) | nalType);
        }
        if (!continueFragment(start, nalType)) {
            return;
        }
        assembler.appendNal(buf, index + 2, length - 2);
        if ((fuHeader & 0x40) != 0) {
            assembler.endNal();
        }
    }
}
