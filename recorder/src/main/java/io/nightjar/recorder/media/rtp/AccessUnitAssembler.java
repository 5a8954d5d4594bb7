package io.nightjar.recorder.media.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.nightjar.recorder.media.Codec;
import io.nightjar.recorder.media.CodecConfig;
import io.nightjar.recorder.media.NalUnits;
import java.util.function.Consumer;

/**
 * Builds access units from NAL units for both codecs: writes 4-byte length prefixes into a pooled
 * buffer, follows fragmented NAL units, watches NAL types (VCL, key, parameter sets), bounds the
 * size, and decides when an access unit is complete.
 *
 * <p>Rules that make real cameras work:
 * <ul>
 *   <li>An access unit closes on the marker bit or when the timestamp changes, but only once it
 *   holds a picture (VCL NAL unit): a marker bit on an SEI, or parameter sets sent with a
 *   timestamp of their own, are carried into the next access unit rather than emitted alone.</li>
 *   <li>Nothing is emitted before usable parameter sets and a keyframe: consumers can rely on the
 *   first access unit of a stream being decodable.</li>
 *   <li>An access unit growing past {@code maxAccessUnitBytes} is dropped whole and counted; its
 *   buffer is released at once so memory stays bounded.</li>
 * </ul>
 */
final class AccessUnitAssembler {
    private static final int MIN_INITIAL_CAPACITY = 16 * 1024;

    private final Codec codec;
    private final ByteBufAllocator allocator;
    private final int maxAccessUnitBytes;
    private final AccessUnitListener listener;
    private final DepacketizerStats stats;
    private final ParameterSetTracker parameterSets;

    private ByteBuf au;
    private long timestamp;
    private boolean timestampSet;
    private boolean hasVcl;
    private boolean key;
    private boolean oversized;
    private boolean allocationFailed;
    private boolean discarding;
    private int nalStart = -1;
    private int expectedKeySize = MIN_INITIAL_CAPACITY;
    private int expectedDeltaSize = MIN_INITIAL_CAPACITY;
    private boolean seenKey;
    /** The wait for a keyframe is because the allocator refused memory (its frames count as refused, not as start-up). */
    private boolean awaitingKeyAfterRefusal;

    AccessUnitAssembler(Codec codec, ByteBufAllocator allocator, int maxAccessUnitBytes,
                        AccessUnitListener listener, DepacketizerStats stats, Consumer<String> warnings) {
        this.codec = codec;
        this.allocator = allocator;
        this.maxAccessUnitBytes = maxAccessUnitBytes;
        this.listener = listener;
        this.stats = stats;
        this.parameterSets = new ParameterSetTracker(codec, stats, warnings);
    }

    ParameterSetTracker parameterSets() {
        return parameterSets;
    }

    /** Called before each packet's NAL units: a new timestamp completes the previous access unit. */
    void beginPacket(long ts) {
        if (timestampSet && ts != timestamp) {
            complete();
        }
        timestamp = ts;
        timestampSet = true;
    }

    /** Adds a whole NAL unit copied from {@code src}. */
    void addNal(ByteBuf src, int index, int length) {
        if (length <= 0) {
            stats.emptyNalUnits.increment();
            return;
        }
        if (nalStart >= 0) {
            abortNal();
        }
        if (discardedUnread(src.getUnsignedByte(index)) || !reserve(4 + length, src.getUnsignedByte(index))) {
            return;
        }
        int start = au.writerIndex();
        au.writeInt(length);
        au.writeBytes(src, index, length);
        onNal(start + 4, length);
    }

    /** Starts a fragmented NAL unit with a reconstructed one-byte (H.264) header. */
    void startNal(int header) {
        startNal0(1, header, 0);
    }

    /** Starts a fragmented NAL unit with a reconstructed two-byte (H.265) header. */
    void startNal(int header0, int header1) {
        startNal0(2, header0, header1);
    }

    private void startNal0(int headerBytes, int h0, int h1) {
        if (nalStart >= 0) {
            abortNal();
        }
        if (discardedUnread(h0) || !reserve(4 + headerBytes, h0)) {
            return;
        }
        nalStart = au.writerIndex();
        au.writeInt(0);
        au.writeByte(h0);
        if (headerBytes == 2) {
            au.writeByte(h1);
        }
    }

    /** True while a fragmented NAL unit is open (or being discarded with an oversized or shed access unit). */
    boolean nalInProgress() {
        return nalStart >= 0 || oversized || discarding;
    }

    /** Appends a fragment's bytes to the NAL unit in progress. */
    void appendNal(ByteBuf src, int index, int length) {
        if (nalStart < 0) {
            return;
        }
        if (!reserve(length, 0)) {
            return;
        }
        au.writeBytes(src, index, length);
    }

    /** Finishes the NAL unit in progress. */
    void endNal() {
        if (nalStart < 0) {
            return;
        }
        int length = au.writerIndex() - nalStart - 4;
        au.setInt(nalStart, length);
        int start = nalStart + 4;
        nalStart = -1;
        onNal(start, length);
    }

    /** Drops the NAL unit in progress (a fragment was lost or never ended). */
    void abortNal() {
        if (nalStart < 0) {
            return;
        }
        stats.incompleteNalUnits.increment();
        if (au != null) {
            au.writerIndex(nalStart);
        }
        nalStart = -1;
    }

    /** The marker bit: the access unit is complete if it holds a picture. */
    void marker() {
        if (hasVcl || oversized || discarding) {
            complete();
        }
    }

    private void onNal(int index, int length) {
        int first = au.getUnsignedByte(index);
        int type = codec == Codec.H264 ? NalUnits.h264Type(first) : NalUnits.h265Type(first);
        if (NalUnits.isVcl(codec, type)) {
            hasVcl = true;
            if (NalUnits.isKey(codec, type)) {
                key = true;
            }
            return;
        }
        if (codec == Codec.H264) {
            if (type == NalUnits.H264_SPS) {
                parameterSets.offer(ParameterSetTracker.Kind.SPS, au, index, length);
            } else if (type == NalUnits.H264_PPS) {
                parameterSets.offer(ParameterSetTracker.Kind.PPS, au, index, length);
            }
        } else if (type == NalUnits.H265_VPS) {
            parameterSets.offer(ParameterSetTracker.Kind.VPS, au, index, length);
        } else if (type == NalUnits.H265_SPS) {
            parameterSets.offer(ParameterSetTracker.Kind.SPS, au, index, length);
        } else if (type == NalUnits.H265_PPS) {
            parameterSets.offer(ParameterSetTracker.Kind.PPS, au, index, length);
        }
    }

    /**
     * While the listener sheds, a NAL unit of a non-key picture discards its whole access unit
     * without copying anything (it would be dropped anyway, and copying it was most of the event
     * loops' work under overload). True when this NAL unit is to be skipped.
     */
    private boolean discardedUnread(int firstByte) {
        if (discarding) {
            return true;
        }
        int type = codec == Codec.H264 ? NalUnits.h264Type(firstByte) : NalUnits.h265Type(firstByte);
        if (!NalUnits.isVcl(codec, type) || NalUnits.isKey(codec, type) || !listener.discardsDeltaFrames()) {
            return false;
        }
        if (au != null) {
            au.release();
            au = null;
        }
        discarding = true;
        nalStart = -1;
        return true;
    }

    /**
     * Makes room for {@code bytes} more; false (and the access unit dropped) past the bound. The
     * first NAL unit of an access unit hints at its size: parameter sets and key slices start a
     * keyframe, anything else a (much smaller) delta frame.
     */
    private boolean reserve(int bytes, int firstByte) {
        if (oversized) {
            return false;
        }
        if ((au == null ? 0 : au.writerIndex()) + (long) bytes > maxAccessUnitBytes) {
            oversized = true;
            nalStart = -1;
            if (au != null) {
                au.release();
                au = null;
            }
            return false;
        }
        try {
            if (au == null) {
                int type = codec == Codec.H264 ? NalUnits.h264Type(firstByte) : NalUnits.h265Type(firstByte);
                boolean keyLikely = NalUnits.isKey(codec, type) || !NalUnits.isVcl(codec, type);
                int hint = keyLikely ? expectedKeySize : expectedDeltaSize;
                au = allocator.directBuffer(Math.min(Math.max(hint, bytes), maxAccessUnitBytes), maxAccessUnitBytes);
            }
            au.ensureWritable(bytes); // any growth happens here, where a refusal is caught
        } catch (OutOfMemoryError e) {
            allocationFailed();
            return false;
        }
        return true;
    }

    /**
     * The allocator refused memory (Netty's direct-memory limit, which the footage budget should
     * keep us from reaching): this access unit is dropped, and so is everything until the next
     * keyframe, so that what is published stays decodable. Allocation never waits here: with
     * Netty's cleaner-free buffers (the launcher's flags) a refusal is immediate.
     */
    private void allocationFailed() {
        stats.allocationFailures.increment();
        if (au != null) {
            au.release();
            au = null;
        }
        oversized = true; // discard the rest of this access unit like an oversized one
        allocationFailed = true;
        nalStart = -1;
        seenKey = false;
        awaitingKeyAfterRefusal = true;
    }

    /** Completes the current access unit: emit it, carry it over, or drop it. */
    void complete() {
        if (nalStart >= 0) {
            abortNal();
        }
        if (discarding) {
            stats.discardedWhileShedding.increment();
            clearState();
            listener.onAccessUnitDiscarded(timestamp);
            return;
        }
        if (oversized) {
            if (allocationFailed) {
                allocationFailed = false;
            } else {
                stats.oversizedAccessUnits.increment();
            }
            clearState();
            return;
        }
        if (au == null || !hasVcl) {
            return; // nothing, or only parameter sets/SEI: they belong to the next picture
        }
        CodecConfig config = parameterSets.config();
        if (config == null) {
            stats.droppedWithoutConfig.increment();
            drop();
            return;
        }
        if (!seenKey && !key) {
            (awaitingKeyAfterRefusal ? stats.allocationFailures : stats.droppedBeforeKeyframe).increment();
            drop();
            return;
        }
        seenKey = true;
        awaitingKeyAfterRefusal = false;
        ByteBuf out = au;
        boolean isKey = key;
        int size = out.readableBytes();
        au = null;
        clearState();
        int next = size + (size >>> 3);
        if (isKey) {
            expectedKeySize = Math.max(MIN_INITIAL_CAPACITY, next);
        } else {
            // Follow growth at once, shrink slowly: one large delta frame should not cost a copy next time.
            expectedDeltaSize = Math.max(MIN_INITIAL_CAPACITY, Math.max(next, expectedDeltaSize - (expectedDeltaSize >>> 4)));
        }
        stats.accessUnits.increment();
        stats.accessUnitBytes.add(size);
        listener.onAccessUnit(out, timestamp, isKey, config);
    }

    private void drop() {
        if (au != null) {
            au.release();
            au = null;
        }
        clearState();
    }

    private void clearState() {
        hasVcl = false;
        key = false;
        oversized = false;
        allocationFailed = false;
        discarding = false;
        nalStart = -1;
    }

    /** Releases everything and forgets the keyframe, e.g. after an SSRC change or reconnect. */
    void reset() {
        drop();
        timestampSet = false;
        seenKey = false;
        awaitingKeyAfterRefusal = false;
    }
}
