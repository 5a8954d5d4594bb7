package io.nightjar.recorder.media.rtp;

import io.netty.buffer.ByteBuf;
import io.nightjar.recorder.media.CodecConfig;

/** Receives whole access units from a depacketizer. */
@FunctionalInterface
public interface AccessUnitListener {
    /**
     * @param accessUnit 4-byte length-prefixed NAL units; the listener takes ownership and must
     *                   release it exactly once
     * @param pts90k     unwrapped 90 kHz RTP timestamp
     * @param key        true when the access unit holds an IDR (H.264) or IRAP (H.265) picture
     * @param config     the codec configuration in force for this access unit
     */
    void onAccessUnit(ByteBuf accessUnit, long pts90k, boolean key, CodecConfig config);

    /**
     * True while the listener would drop any picture but a keyframe (it is shedding load): the
     * depacketizer then does not copy non-key pictures at all and reports each with
     * {@link #onAccessUnitDiscarded(long)}. Asked once per NAL unit that starts a picture.
     */
    default boolean discardsDeltaFrames() {
        return false;
    }

    /** A non-key picture was discarded unread because {@link #discardsDeltaFrames()} said so. */
    default void onAccessUnitDiscarded(long pts90k) {
    }
}
