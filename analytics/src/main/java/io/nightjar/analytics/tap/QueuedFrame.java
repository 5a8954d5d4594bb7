package io.nightjar.analytics.tap;

import io.netty.buffer.ByteBuf;
import io.nightjar.recorder.media.CodecConfig;
import io.nightjar.recorder.ring.FrameView;
import io.nightjar.recorder.ring.PayloadRecycler;
import io.nightjar.recorder.ring.RunStart;

/**
 * An access unit waiting in a camera's mailbox (its payload retained until analysed): a copy of
 * a ring slot's values, since the slot is reused.
 *
 * @param recycler  where the payload goes home when the analyzer is done with it, or null
 * @param afterDrop frames were dropped just before this one: the decoder must restart here
 */
public record QueuedFrame(ByteBuf payload, PayloadRecycler recycler, long pts90k, long wallMicros, long arrivalNanos,
                          boolean key, RunStart runStart, CodecConfig config, boolean afterDrop) implements FrameView {

    /** The values of {@code frame}, sharing its payload (the caller retains it if the frame must outlive its source). */
    public static QueuedFrame of(FrameView frame, boolean afterDrop) {
        return new QueuedFrame(frame.payload(), frame.recycler(), frame.pts90k(), frame.wallMicros(), frame.arrivalNanos(),
                frame.key(), frame.runStart(), frame.config(), afterDrop);
    }
}
