package io.nightjar.recorder.media.rtp;

import io.netty.buffer.ByteBuf;

/**
 * Turns the payloads of one RTP stream, in sequence order, into access units. Called from one
 * thread. Reads the payload in place; never retains the given buffer.
 */
public interface Depacketizer {
    /**
     * @param buf       buffer holding the payload
     * @param index     absolute index of the payload's first byte
     * @param length    payload length (RTP header and padding excluded)
     * @param timestamp unwrapped 90 kHz RTP timestamp
     * @param marker    the RTP marker bit
     */
    void onPacket(ByteBuf buf, int index, int length, long timestamp, boolean marker);

    /** The packet(s) before the next one were lost: drop any partial NAL unit. */
    void onLoss();

    /** Hands over a pending access unit, if it is complete enough (end of stream). */
    void flush();

    /** Drops pending data and releases buffers; the depacketizer may be reused afterwards. */
    void reset();

    DepacketizerStats stats();
}
