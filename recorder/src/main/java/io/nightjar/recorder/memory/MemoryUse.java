package io.nightjar.recorder.memory;

/** What a charge to the {@link MemoryBudget} holds. */
public enum MemoryUse {
    /** Access unit payloads published into the frame ring and not yet released by every consumer. */
    RING,
    /** Access units received whole but waiting for room in the ring (reading is paused meanwhile). */
    PENDING,
    /** Payloads the segment writer holds in fragments not yet written. */
    FRAGMENTS,
    /** The segment writer's direct-I/O staging buffer (allocated once). */
    STAGING,
    /** Motion-recording pre-roll: the seconds kept before an event. */
    PRE_ROLL,
    /** Live viewers' packets and fragments, and the keyframe cache for new viewers. */
    LIVE,
    /** Payloads waiting in analytics mailboxes. */
    ANALYTICS
}
