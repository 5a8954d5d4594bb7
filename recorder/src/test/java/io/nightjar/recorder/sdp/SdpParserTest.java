package io.nightjar.recorder.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SdpParserTest {
    private static final String HIKVISION_LIKE = "v=0\r\n"
            + "o=- 1109162014219182 1109162014219192 IN IP4 x.y.z.w\r\n"
            + "s=Media Presentation\r\n"
            + "e=NONE\r\n"
            + "b=AS:5050\r\n"
            + "t=0 0\r\n"
            + "a=control:rtsp://10.0.0.5:554/Streaming/Channels/101/?transportmode=unicast\r\n"
            + "m=video 0 RTP/AVP 96\r\n"
            + "b=AS:5000\r\n"
            + "a=control:rtsp://10.0.0.5:554/Streaming/Channels/101/trackID=1?transportmode=unicast\r\n"
            + "a=rtpmap:96 H264/90000\r\n"
            + "a=fmtp:96 profile-level-id=420029; packetization-mode=1; sprop-parameter-sets=Z2QAKKzZQHgCJ+XARAAAAwAEAAADAMg8YMZY,aOvjyyLA\r\n"
            + "a=Media_header:MEDIAINFO=494D4B48010100000400000100000000000000000000000000000000000000000000000000000000;\r\n"
            + "a=appversion:1.0\r\n"
            + "m=audio 0 RTP/AVP 8\r\n"
            + "a=rtpmap:8 PCMA/8000\r\n"
            + "a=control:trackID=2\r\n";

    @Test
    void parsesACameraDescription() throws Exception {
        SessionDescription s = SdpParser.parse(HIKVISION_LIKE);
        assertThat(s.sessionName()).isEqualTo("Media Presentation");
        assertThat(s.control()).startsWith("rtsp://10.0.0.5:554/Streaming/Channels/101/");
        assertThat(s.media()).hasSize(2);
        MediaDescription v = s.media().get(0);
        assertThat(v.media()).isEqualTo("video");
        assertThat(v.encodingName()).isEqualTo("H264");
        assertThat(v.clockRate()).isEqualTo(90000);
        assertThat(v.fmtp()).containsEntry("packetization-mode", "1");
        assertThat(v.fmtp().get("sprop-parameter-sets")).startsWith("Z2QAKKzZ");
        assertThat(s.media().get(1).encodingName()).isEqualTo("PCMA");
        assertThat(s.media().get(1).control()).isEqualTo("trackID=2");
    }

    @Test
    void toleratesNoOriginLineTrailingSpacesAndBareLineFeeds() throws Exception {
        String sdp = "v=0\ns=Session streamed by \"nessyMediaServer\"   \na=tool:LIVE555 Streaming Media v2013.04.08  \n"
                + "m=video 0 RTP/AVP 96   \na=rtpmap:96 H265/90000  \na=control:track1   \n";
        SessionDescription s = SdpParser.parse(sdp);
        assertThat(s.tool()).isEqualTo("LIVE555 Streaming Media v2013.04.08");
        assertThat(s.media().get(0).encodingName()).isEqualTo("H265");
        assertThat(s.media().get(0).control()).isEqualTo("track1");
    }

    /** Found by SdpParserFuzz: an rtpmap without an encoding name threw ArrayIndexOutOfBoundsException. */
    @Test
    void anRtpmapWithoutAnEncodingNameIsAWarning() throws Exception {
        SessionDescription s = SdpParser.parse("v=0\nm=video 0 RTP/AVP 96\na=rtpmap:96 /\na=rtpmap:97 /90000\n");
        assertThat(s.warnings()).hasSize(2).allMatch(w -> w.contains("no encoding name"));
        assertThat(s.media().get(0).rtpmaps()).isEmpty();
    }

    @Test
    void unreadableAttributesAreWarningsNotFailures() throws Exception {
        SessionDescription s = SdpParser.parse("v=0\nm=video 0 RTP/AVP 96\na=rtpmap:xx H264/90000\na=framerate:abc\ngarbage line\n");
        assertThat(s.warnings()).hasSize(3);
        assertThat(s.warnings().get(0)).startsWith("line 3:");
    }

    @Test
    void anUnreadableMediaLineIsAnErrorNamingTheLine() {
        assertThatThrownBy(() -> SdpParser.parse("v=0\nm=video\n")).isInstanceOf(SdpParseException.class).hasMessageContaining("line 2");
        assertThatThrownBy(() -> SdpParser.parse("v=0\nm=video x RTP/AVP 96\n")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> SdpParser.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> SdpParser.parse("x".repeat(70_000))).hasMessageContaining("exceeds");
    }
}
