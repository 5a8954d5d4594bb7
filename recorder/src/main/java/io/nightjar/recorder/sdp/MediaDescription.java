package io.nightjar.recorder.sdp;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code m=} section.
 *
 * @param media      media type ("video", "audio", "application")
 * @param port       the port in the m= line (0 for RTSP-controlled streams usually)
 * @param protocol   transport protocol ("RTP/AVP")
 * @param formats    payload types listed in the m= line
 * @param control    the {@code a=control} value, or null
 * @param rtpmaps    payload type to rtpmap
 * @param fmtps      payload type to format parameters (keys lower-cased)
 * @param framerate  {@code a=framerate}, or 0
 * @param attributes all attributes in order (name, value or "")
 */
public record MediaDescription(String media, int port, String protocol, List<Integer> formats, String control,
                               Map<Integer, RtpMap> rtpmaps, Map<Integer, Map<String, String>> fmtps,
                               double framerate, List<Map.Entry<String, String>> attributes) {

    /** {@code a=rtpmap:<pt> <encoding>/<clock>[/<channels>]}. */
    public record RtpMap(int payloadType, String encoding, int clockRate) {
    }

    /** The first payload type of the m= line. */
    public int primaryPayloadType() {
        return formats.isEmpty() ? -1 : formats.get(0);
    }

    /** The encoding name of the primary payload type, upper-cased, or null. */
    public String encodingName() {
        RtpMap m = rtpmaps.get(primaryPayloadType());
        return m == null ? null : m.encoding().toUpperCase(Locale.ROOT);
    }

    public int clockRate() {
        RtpMap m = rtpmaps.get(primaryPayloadType());
        return m == null ? 0 : m.clockRate();
    }

    /** Format parameters of the primary payload type (empty when none). */
    public Map<String, String> fmtp() {
        Map<String, String> f = fmtps.get(primaryPayloadType());
        return f == null ? Collections.emptyMap() : f;
    }
}
