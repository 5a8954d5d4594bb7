package io.nightjar.recorder.sdp;

import io.nightjar.recorder.rtsp.MediaTrack;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz target: a camera's SDP (DESCRIBE body) through the parser and the track selection the
 * client makes from it (payload types, rtpmap, fmtp, sprop parameter sets in base64, control
 * URLs). Bad SDP may only be refused with {@link SdpParseException}.
 */
public final class SdpParserFuzz {
    private SdpParserFuzz() {
    }

    public static void fuzzerTestOneInput(byte[] data) {
        SessionDescription sd;
        try {
            sd = SdpParser.parse(new String(data, StandardCharsets.UTF_8));
        } catch (SdpParseException refused) {
            return;
        }
        for (MediaDescription m : sd.media()) {
            m.primaryPayloadType();
            m.encodingName();
            m.clockRate();
            m.fmtp();
        }
        MediaTrack.select(sd.media(), "rtsp://camera.example/stream");
    }
}
