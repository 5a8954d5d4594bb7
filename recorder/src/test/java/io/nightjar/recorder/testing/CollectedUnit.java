package io.nightjar.recorder.testing;

import io.nightjar.recorder.media.CodecConfig;

/** An access unit copied out of the ring or a depacketizer, for assertions. */
public record CollectedUnit(byte[] data, long pts90k, long wallMicros, boolean key, boolean discontinuity, CodecConfig config) {
}
