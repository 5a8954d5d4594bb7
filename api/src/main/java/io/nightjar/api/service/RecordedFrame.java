package io.nightjar.api.service;

import io.nightjar.recorder.media.CodecConfig;
import java.nio.ByteBuffer;

/**
 * One recorded access unit as played back.
 *
 * @param wallMicros    its wall-clock time, UTC microseconds
 * @param durationTicks its duration in 90 kHz ticks (the RTP clock)
 * @param key           whether it is a keyframe
 * @param data          the access unit, length-prefixed NAL units as stored; valid until the reader's next
 *                      {@code next()} or {@code close()}
 * @param config        the codec configuration it was recorded with
 */
public record RecordedFrame(long wallMicros, int durationTicks, boolean key, ByteBuffer data, CodecConfig config) {
}
