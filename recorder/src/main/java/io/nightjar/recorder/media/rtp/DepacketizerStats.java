package io.nightjar.recorder.media.rtp;

import io.nightjar.recorder.stats.Counter;

/** What a depacketizer saw; written by its event loop, readable from any thread. */
public final class DepacketizerStats {
    /** Access units handed to the listener. */
    public final Counter accessUnits = new Counter();
    /** Payload bytes of the access units handed over. */
    public final Counter accessUnitBytes = new Counter();
    /** Packets too short, with the forbidden bit, or with lengths past their end. */
    public final Counter malformedPackets = new Counter();
    /** Packet types we do not handle (STAP-B, MTAP, FU-B, PACI, reserved). */
    public final Counter unsupportedPackets = new Counter();
    /** Fragments arriving without a start fragment (lost or never sent). */
    public final Counter fragmentsWithoutStart = new Counter();
    /** Fragmented NAL units never finished (loss, missing end bit, timestamp change). */
    public final Counter incompleteNalUnits = new Counter();
    /** Fragments whose NAL type differs from their start fragment's. */
    public final Counter fragmentTypeChanges = new Counter();
    /** Zero-length NAL units (in aggregation packets or empty payloads), skipped. */
    public final Counter emptyNalUnits = new Counter();
    /** Non-key pictures discarded unread because the stream was shedding (counted as shed by the publisher too). */
    public final Counter discardedWhileShedding = new Counter();
    /**
     * Access units lost to the allocator refusing memory: the one it refused and every one after it
     * until the next keyframe (dropped so that what is published stays decodable).
     */
    public final Counter allocationFailures = new Counter();
    /** Access units dropped because they grew past the configured bound. */
    public final Counter oversizedAccessUnits = new Counter();
    /** Access units dropped before any usable parameter sets were known. */
    public final Counter droppedWithoutConfig = new Counter();
    /** Access units dropped while waiting for the first keyframe. */
    public final Counter droppedBeforeKeyframe = new Counter();
    /** Parameter sets that did not parse. */
    public final Counter badParameterSets = new Counter();
    /** Codec configuration changes after the first (new resolution, new parameter sets). */
    public final Counter configChanges = new Counter();
    /** Payloads carrying Annex-B start codes instead of bare NAL units. */
    public final Counter annexBPayloads = new Counter();

    /** Sum of the defect counters, for a one-figure health view. */
    public long errors() {
        return malformedPackets.get() + unsupportedPackets.get() + fragmentsWithoutStart.get()
                + incompleteNalUnits.get() + oversizedAccessUnits.get() + badParameterSets.get();
    }

    @Override
    public String toString() {
        return "accessUnits=" + accessUnits + " bytes=" + accessUnitBytes + " malformed=" + malformedPackets
                + " unsupported=" + unsupportedPackets + " fuWithoutStart=" + fragmentsWithoutStart
                + " incomplete=" + incompleteNalUnits + " fuTypeChanges=" + fragmentTypeChanges
                + " empty=" + emptyNalUnits + " oversized=" + oversizedAccessUnits
                + " allocationFailures=" + allocationFailures + " noConfig=" + droppedWithoutConfig + " beforeKey=" + droppedBeforeKeyframe
                + " badParameterSets=" + badParameterSets + " configChanges=" + configChanges
                + " annexB=" + annexBPayloads;
    }
}
