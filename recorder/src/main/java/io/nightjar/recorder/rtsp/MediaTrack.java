package io.nightjar.recorder.rtsp;

import io.nightjar.recorder.media.Codec;
import io.nightjar.recorder.media.NalUnits;
import io.nightjar.recorder.sdp.MediaDescription;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A video track we can record, taken from the SDP: codec, payload type, control URL and the
 * out-of-band parameter sets (which may be absent, empty or garbage: then in-band ones are used).
 *
 * @param index       position among the SDP's m= sections
 * @param codec       H.264 or H.265
 * @param payloadType RTP payload type
 * @param clockRate   RTP clock rate (90000 for video)
 * @param controlUrl  absolute URL for SETUP
 * @param vps         H.265 VPS from sprop-vps, or null
 * @param sps         SPS from sprop-parameter-sets / sprop-sps, or null
 * @param pps         PPS, or null
 * @param donl        H.265 sprop-max-don-diff &gt; 0: DONL fields present
 * @param sdpFramerate {@code a=framerate}, or 0
 */
public record MediaTrack(int index, Codec codec, int payloadType, int clockRate, String controlUrl, byte[] vps,
                         byte[] sps, byte[] pps, boolean donl, double sdpFramerate) {

    /** The tracks of an SDP that Nightjar can record, and a description of those it cannot. */
    public record Selection(List<MediaTrack> supported, List<String> unsupported) {
    }

    public static Selection select(List<MediaDescription> media, String baseUrl) {
        List<MediaTrack> supported = new ArrayList<>();
        List<String> unsupported = new ArrayList<>();
        for (int i = 0; i < media.size(); i++) {
            MediaDescription m = media.get(i);
            String encoding = m.encodingName();
            Codec codec = "video".equals(m.media()) ? Codec.fromRtpEncodingName(encoding) : null;
            if (codec == null || m.primaryPayloadType() < 0) {
                unsupported.add(m.media() + "/" + (encoding == null ? "payload type " + m.primaryPayloadType() : encoding));
                continue;
            }
            int clock = m.clockRate() == 0 ? 90000 : m.clockRate();
            String control = RtspUrl.resolveControl(baseUrl, m.control());
            Map<String, String> fmtp = m.fmtp();
            byte[] vps = null;
            byte[] sps = null;
            byte[] pps = null;
            boolean donl = false;
            if (codec == Codec.H264) {
                for (byte[] nal : decodeList(fmtp.get("sprop-parameter-sets"))) {
                    int type = NalUnits.h264Type(nal[0]);
                    if (type == NalUnits.H264_SPS && sps == null) {
                        sps = nal;
                    } else if (type == NalUnits.H264_PPS && pps == null) {
                        pps = nal;
                    }
                }
            } else {
                vps = first(decodeList(fmtp.get("sprop-vps")));
                sps = first(decodeList(fmtp.get("sprop-sps")));
                pps = first(decodeList(fmtp.get("sprop-pps")));
                try {
                    donl = Integer.parseInt(fmtp.getOrDefault("sprop-max-don-diff", "0").trim()) > 0;
                } catch (NumberFormatException e) {
                    donl = false;
                }
            }
            supported.add(new MediaTrack(i, codec, m.primaryPayloadType(), clock, control, vps, sps, pps, donl, m.framerate()));
        }
        return new Selection(supported, unsupported);
    }

    private static byte[] first(List<byte[]> list) {
        return list.isEmpty() ? null : list.get(0);
    }

    /** Decodes comma-separated base64 NAL units, skipping empty and undecodable entries. */
    static List<byte[]> decodeList(String value) {
        List<byte[]> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        for (String part : value.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            try {
                byte[] nal = Base64.getDecoder().decode(p);
                if (nal.length > 1) {
                    out.add(nal);
                }
            } catch (IllegalArgumentException e) {
                // garbage sprop values are common; in-band parameter sets will do
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "track " + index + " " + codec + " pt=" + payloadType + " " + controlUrl;
    }
}
