package io.nightjar.recorder.media.rtp;

import io.netty.buffer.ByteBuf;
import io.nightjar.recorder.media.Codec;

/**
 * What the H.264 and H.265 depacketizers share: the assembler, the statistics, aggregation
 * packets (a list of 16-bit sizes and NAL units) and the bookkeeping of fragmented units.
 */
abstract class AbstractDepacketizer implements Depacketizer {
    protected final DepacketizerStats stats = new DepacketizerStats();
    protected final AccessUnitAssembler assembler;
    protected final AnnexBScanner.NalSink addNal;
    private int fragmentType = -1;

    AbstractDepacketizer(Codec codec, DepacketizerSettings settings, AccessUnitListener listener) {
        this.assembler = new AccessUnitAssembler(codec, settings.allocator(), settings.maxAccessUnitBytes(),
                listener, stats, settings.warnings());
        this.addNal = assembler::addNal;
    }

    /**
     * Adds the NAL units of an aggregation packet from {@code pos} to {@code end}; a size field cut
     * short or a unit past the end is malformed (units before it are kept).
     *
     * @param donl H.265 with DONL: a 2-byte DONL before the first unit and a 1-byte DOND before others
     */
    protected final void aggregate(ByteBuf buf, int pos, int end, boolean donl) {
        if (pos >= end) {
            stats.malformedPackets.increment();
            return;
        }
        boolean first = true;
        while (pos < end) {
            if (donl) {
                pos += first ? 2 : 1;
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

    /**
     * Handles the start/continuation of a fragmented unit whose header was already started (for
     * a start fragment) by the caller. @return false when the fragment must be dropped
     */
    protected final boolean continueFragment(boolean start, int nalType) {
        if (start) {
            fragmentType = nalType;
            return true;
        }
        if (!assembler.nalInProgress()) {
            stats.fragmentsWithoutStart.increment();
            return false;
        }
        if (nalType != fragmentType) {
            stats.fragmentTypeChanges.increment(); // keep the type of the start fragment
        }
        return true;
    }

    @Override
    public final void onLoss() {
        assembler.abortNal();
    }

    @Override
    public final void flush() {
        assembler.complete();
    }

    @Override
    public final void reset() {
        assembler.reset();
    }

    @Override
    public final DepacketizerStats stats() {
        return stats;
    }
}
