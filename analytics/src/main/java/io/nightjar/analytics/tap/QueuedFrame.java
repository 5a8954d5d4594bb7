package io.nightjar.analytics.tap;

import io.netty.buffer.ByteBuf;
import io.nightjar.recorder.media.CodecConfig;

/**
 * An access unit waiting in a camera's mailbox (its payload retained until analysed).
 *
 * @param recycler  where the payload goes home when the analyzer is done with it, or null
 * @param afterDrop frames were dropped just before this one: the decoder must restart here
 */
public record QueuedFrame(ByteBuf payload, io.nightjar.recorder.ring.PayloadRecycler recycler, long pts90k, long wallMicros, long arrivalNanos, boolean key, CodecConfig config,
                          boolean afterDrop) {
}
