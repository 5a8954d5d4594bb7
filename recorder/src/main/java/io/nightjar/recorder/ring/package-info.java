/**
 * The frame ring: one LMAX Disruptor shared by all cameras. Event loops publish access units
 * (never blocking: a full ring is reported to the caller, who stops reading its channel); the
 * segment writer, live fan-out and analytics tap consume them; a final releaser frees each
 * payload exactly once after every consumer has seen it.
 */
package io.nightjar.recorder.ring;
