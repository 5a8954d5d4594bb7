package io.nightjar.recorder.depacketize;

import io.netty.buffer.ByteBuf;
import io.nightjar.recorder.media.Codec;

/**
 * RFC 7798 depacketizer: single NAL unit packets, aggregation packets (AP, type 48) and
 * fragmentation units (FU, type 49). When the SDP announces {@code sprop-max-don-diff > 0} the
 * two-byte DONL/DOND fields are skipped. PACI packets (type 50) are counted as unsupported.
 */
public final class H265Depacketizer implements Depacketizer {
    private static final int AP = 48;
    private static final int FU = 49;

    private final DepacketizerStats stats = new DepacketizerStats();
    private final AccessUnitAssembler assembler;
    private final AnnexBScanner.NalSink addNal;
    private final boolean donl;
    private int fragmentType = -1;

    public H265Depacketizer(DepacketizerSettings settings, AccessUnitListener listener, boolean donlPresent) {
        this.assembler = new AccessUnitAssembler(Codec.H265, settings.allocator(), settings.maxAccessUnitBytes(),
                listener, stats, settings.warnings());
        this.addNal = assembler::addNal;
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
                aggregate(buf, index, length);
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

    private void aggregate(ByteBuf buf, int index, int length) {
        int pos = index + 2;
        int end = index + length;
        boolean first = true;
        while (pos < end) {
            if (donl) {
                pos += first ? 2 : 1; // DONL before the first unit, DOND before the others
            }
            first = false;
            if (pos + 2 > end) {
                stats.malformedPackets.increment();
                return;
            }
            int size = buf.getUnsignedShort(pos);
            pos += 2;
            if (size == 0) {
                stats.emptyNalUnits.increment();
                continue;
            }
            if (pos + size > end) {
                stats.malformedPackets.increment();
                return;
            }
            assembler.addNal(buf, pos, size);
            pos += size;
        }
    }

    private void fragment(ByteBuf buf, int index, int length, int h0, int h1) {
        int fuHeader = buf.getUnsignedByte(index + 2);
        boolean start = (fuHeader & 0x80) != 0;
        boolean end = (fuHeader & 0x40) != 0;
        int nalType = fuHeader & 0x3F;
        int payload = index + 3;
        if (donl && start) {
            payload += 2;
        }
        int payloadLength = index + length - payload;
        if (payloadLength < 0) {
            stats.malformedPackets.increment();
            return;
        }
        if (start) {
            assembler.startNal((h0 & 0x81) | (nalType << 1), h1);
            fragmentType = nalType;
        } else if (!assembler.nalInProgress()) {
            stats.fragmentsWithoutStart.increment();
            return;
        } else if (nalType != fragmentType) {
            stats.fragmentTypeChanges.increment();
        }
        assembler.appendNal(buf, payload, payloadLength);
        if (end) {
            assembler.endNal();
        }
    }

    @Override
    public void onLoss() {
        assembler.abortNal();
    }

    @Override
    public void flush() {
        assembler.complete();
    }

    @Override
    public void reset() {
        assembler.reset();
    }

    @Override
    public DepacketizerStats stats() {
        return stats;
    }
}
