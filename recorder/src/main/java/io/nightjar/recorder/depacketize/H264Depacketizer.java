package io.nightjar.recorder.depacketize;

import io.netty.buffer.ByteBuf;
import io.nightjar.recorder.media.Codec;

/**
 * RFC 6184 depacketizer (non-interleaved mode): single NAL unit packets, STAP-A and FU-A.
 * STAP-B, MTAP and FU-B belong to the interleaved mode that cameras do not use; they are counted
 * as unsupported and skipped.
 */
public final class H264Depacketizer implements Depacketizer {
    private static final int STAP_A = 24;
    private static final int FU_A = 28;

    private final DepacketizerStats stats = new DepacketizerStats();
    private final AccessUnitAssembler assembler;
    private final AnnexBScanner.NalSink addNal;
    private int fragmentType = -1;

    public H264Depacketizer(DepacketizerSettings settings, AccessUnitListener listener) {
        this.assembler = new AccessUnitAssembler(Codec.H264, settings.allocator(), settings.maxAccessUnitBytes(),
                listener, stats, settings.warnings());
        this.addNal = assembler::addNal;
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
            aggregate(buf, index, length);
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

    private void aggregate(ByteBuf buf, int index, int length) {
        int pos = index + 1;
        int end = index + length;
        if (pos == end) {
            stats.malformedPackets.increment();
            return;
        }
        while (pos < end) {
            if (pos + 2 > end) {
                stats.malformedPackets.increment(); // a size field cut short
                return;
            }
            int size = buf.getUnsignedShort(pos);
            pos += 2;
            if (size == 0) {
                stats.emptyNalUnits.increment();
                continue;
            }
            if (pos + size > end) {
                stats.malformedPackets.increment(); // a NAL unit length past the end of the packet
                return;
            }
            assembler.addNal(buf, pos, size);
            pos += size;
        }
    }

    private void fragment(ByteBuf buf, int index, int length, int indicator) {
        if (length < 2) {
            stats.malformedPackets.increment();
            return;
        }
        int fuHeader = buf.getUnsignedByte(index + 1);
        boolean start = (fuHeader & 0x80) != 0;
        boolean end = (fuHeader & 0x40) != 0;
        int nalType = fuHeader & 0x1F;
        if (start) {
            assembler.startNal((indicator & 0xE0) | nalType);
            fragmentType = nalType;
        } else if (!assembler.nalInProgress()) {
            stats.fragmentsWithoutStart.increment();
            return;
        } else if (nalType != fragmentType) {
            stats.fragmentTypeChanges.increment(); // keep the type of the start fragment
        }
        assembler.appendNal(buf, index + 2, length - 2);
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
