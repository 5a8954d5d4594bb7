package io.nightjar.recorder.media.rtp;

import io.netty.buffer.ByteBuf;
import io.nightjar.recorder.media.Codec;

/**
 * RFC 7798 depacketizer: single NAL unit packets, aggregation packets (AP, type 48) and
 * fragmentation units (FU, type 49). When the SDP announces {@code sprop-max-don-diff > 0} the
 * two-byte DONL/DOND fields are skipped. PACI packets (type 50) are counted as unsupported.
 */
public final class H265Depacketizer extends AbstractDepacketizer {
    private static final int AP = 48;
    private static final int FU = 49;

    private final boolean donl;

    public H265Depacketizer(DepacketizerSettings settings, AccessUnitListener listener, boolean donlPresent) {
        super(Codec.H265, settings, listener);
        this.donl = donlPresent;
    }

    public H265Depacketizer(DepacketizerSettings settings, AccessUnitListener listener) {
        this(settings, listener, false);
    }

    /** Parameter sets from the SDP's sprop-vps/sps/pps; in-band ones take precedence later. */
    public void seedParameterSets(byte[] vps, byte[] sps, byte[] pps) {
        assembler.parameterSets().seed(vps, sps, pps);
    }

    @Override
    public void onPacket(ByteBuf buf, int index, int length, long timestamp, boolean marker) {
        if (length < 1) {
            stats.emptyNalUnits.increment();
            return;
        }
        assembler.beginPacket(timestamp);
        if (AnnexBScanner.startsWithStartCode(buf, index, length)) {
            stats.annexBPayloads.increment();
            AnnexBScanner.split(buf, index, length, addNal);
        } else if (length < 3) {
            stats.malformedPackets.increment();
        } else {
            int h0 = buf.getUnsignedByte(index);
            int h1 = buf.getUnsignedByte(index + 1);
            int type = (h0 >>> 1) & 0x3F;
            if ((h0 & 0x80) != 0 || (h1 & 0x07) == 0) {
                stats.malformedPackets.increment(); // forbidden bit set or TemporalId+1 of zero
            } else if (type == FU) {
                fragment(buf, index, length, h0, h1);
            } else if (type == AP) {
                aggregate(buf, index + 2, index + length, donl);
            } else if (type < AP) {
                single(buf, index, length, h0, h1);
            } else {
                stats.unsupportedPackets.increment();
            }
        }
        if (marker) {
            assembler.marker();
        }
    }

    private void single(ByteBuf buf, int index, int length, int h0, int h1) {
        if (!donl) {
            assembler.addNal(buf, index, length);
            return;
        }
        if (length < 4) {
            stats.malformedPackets.increment();
            return;
        }
        assembler.startNal(h0, h1);
        assembler.appendNal(buf, index + 4, length - 4);
        assembler.endNal();
    }

    private void fragment(ByteBuf buf, int index, int length, int h0, int h1) {
        int fuHeader = buf.getUnsignedByte(index + 2);
        boolean start = (fuHeader & 0x80) != 0;
        int nalType = fuHeader & 0x3F;
        int payload = index + 3 + (donl && start ? 2 : 0); // DONL only in the first fragment
        int payloadLength = index + length - payload;
        if (payloadLength < 0) {
            stats.malformedPackets.increment();
            return;
        }
        if (start) {
            assembler.startNal((h0 & 0x81) | (nalType << 1), h1);
        }
        if (!continueFragment(start, nalType)) {
            return;
        }
        assembler.appendNal(buf, payload, payloadLength);
        if ((fuHeader & 0x40) != 0) {
            assembler.endNal();
        }
    }
}
