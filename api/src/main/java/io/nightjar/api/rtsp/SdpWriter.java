package io.nightjar.api.rtsp;

import io.nightjar.recorder.media.Codec;
import io.nightjar.recorder.media.CodecConfig;
import java.util.Base64;

/** The SDP of one video track (RFC 4566, RFC 6184, RFC 7798). */
final class SdpWriter {
    private SdpWriter() {
    }

    static String describe(String name, CodecConfig c, String range) {
        Base64.Encoder b64 = Base64.getEncoder();
        StringBuilder sb = new StringBuilder(512);
        sb.append("v=0\r\n");
        sb.append("o=- ").append(System.currentTimeMillis()).append(" 1 IN IP4 0.0.0.0\r\n");
        sb.append("s=").append(name).append("\r\n");
        sb.append("c=IN IP4 0.0.0.0\r\n");
        sb.append("t=0 0\r\n");
        sb.append("a=tool:Nightjar\r\n");
        sb.append("a=range:").append(range).append("\r\n");
        sb.append("m=video 0 RTP/AVP 96\r\n");
        if (c.codec() == Codec.H264) {
            byte[] sps = c.sps();
            String profile = sps.length >= 4 ? String.format("%02X%02X%02X", sps[1] & 0xFF, sps[2] & 0xFF, sps[3] & 0xFF) : "42E01F";
            sb.append("a=rtpmap:96 H264/90000\r\n");
            sb.append("a=fmtp:96 packetization-mode=1;profile-level-id=").append(profile).append(";sprop-parameter-sets=")
                    .append(b64.encodeToString(sps)).append(',').append(b64.encodeToString(c.pps())).append("\r\n");
        } else {
            sb.append("a=rtpmap:96 H265/90000\r\n");
            sb.append("a=fmtp:96 sprop-vps=").append(b64.encodeToString(c.vps())).append(";sprop-sps=")
                    .append(b64.encodeToString(c.sps())).append(";sprop-pps=").append(b64.encodeToString(c.pps())).append("\r\n");
        }
        if (c.width() > 0) {
            sb.append("a=x-dimensions:").append(c.width()).append(',').append(c.height()).append("\r\n");
        }
        sb.append("a=control:trackID=0\r\n");
        return sb.toString();
    }
}
