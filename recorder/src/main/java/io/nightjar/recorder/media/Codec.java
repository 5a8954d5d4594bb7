package io.nightjar.recorder.media;

/** Video codecs Nightjar records. */
public enum Codec {
    H264("H264", "avc1"),
    H265("H265", "hvc1");

    private final String rtpEncodingName;
    private final String sampleEntry;

    Codec(String rtpEncodingName, String sampleEntry) {
        this.rtpEncodingName = rtpEncodingName;
        this.sampleEntry = sampleEntry;
    }

    /** The encoding name in an SDP {@code a=rtpmap} line. */
    public String rtpEncodingName() {
        return rtpEncodingName;
    }

    /** The MP4 sample entry four-character code. */
    public String sampleEntry() {
        return sampleEntry;
    }

    /** Maps an SDP encoding name (case-insensitive; HEVC is an alias of H265) to a codec, or null. */
    public static Codec fromRtpEncodingName(String name) {
        if (name == null) {
            return null;
        }
        switch (name.trim().toUpperCase(java.util.Locale.ROOT)) {
            case "H264":
                return H264;
            case "H265":
            case "HEVC":
                return H265;
            default:
                return null;
        }
    }
}
