/**
 * The frame ring: one LMAX Disruptor shared by all cameras. Event loops publish access units
 * (never blocking: a full ring is reported to the caller, who stops reading its channel); the
 * segment writer, live fan-out and analytics tap consume them; the consumer that finishes an
 * event last frees its payload, exactly once, after every consumer has seen it. A frame is handed on
 * as a {@link io.nightjar.recorder.ring.FrameView}; producers fill a reused
 * {@link io.nightjar.recorder.ring.FrameDraft}.
 */
package io.nightjar.recorder.ring;
