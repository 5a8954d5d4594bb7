package io.nightjar.api.live;

import io.nightjar.recorder.ring.StreamRef;

/** Where live frames of a stream come from: the ring's fan-out, or the preview encoder fed by it. */
public interface LiveSource {
    /** Delivers the stream's frames from the next keyframe until closed. */
    LiveFanout.Subscription subscribe(StreamRef stream, LiveSubscriber subscriber);

    /** For a PLAY reply's RTP-Info: {next sequence, last RTP timestamp, SSRC} of the stream. */
    long[] rtpInfo(StreamRef stream);
}
