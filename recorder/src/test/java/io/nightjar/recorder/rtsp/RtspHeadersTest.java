package io.nightjar.recorder.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nightjar.recorder.media.Codec;
import io.nightjar.recorder.sdp.SdpParser;
import io.nightjar.recorder.testing.Rtp;
import java.util.List;
import org.junit.jupiter.api.Test;

/** URLs and headers as cameras write them. */
class RtspHeadersTest {
    @Test
    void urlCredentialsAreTakenOutAndNeverPrinted() {
        RtspUrl u = RtspUrl.parse("rtsp://admin:p%40ss:w/rd@192.168.1.64:8554/Streaming/Channels/101?transport=unicast");
        assertThat(u.credentials().user()).isEqualTo("admin");
        assertThat(u.credentials().password()).isEqualTo("p@ss:w/rd");
        assertThat(u.host()).isEqualTo("192.168.1.64");
        assertThat(u.port()).isEqualTo(8554);
        assertThat(u.toString()).isEqualTo("rtsp://192.168.1.64:8554/Streaming/Channels/101?transport=unicast");
        assertThat(u.toString()).doesNotContain("admin").doesNotContain("p@ss");
    }

    @Test
    void rawPasswordsWithReservedCharactersAreAccepted() {
        RtspUrl u = RtspUrl.parse("rtsp://user:a#b/c@cam.local/live");
        assertThat(u.credentials().password()).isEqualTo("a#b/c");
        assertThat(u.host()).isEqualTo("cam.local");
        assertThat(u.port()).isEqualTo(554);
        assertThat(u.pathAndQuery()).isEqualTo("/live");
    }

    @Test
    void ipv6HostsAndBadUrlsAreHandled() {
        assertThat(RtspUrl.parse("rtsp://[::1]:9000/a").host()).isEqualTo("::1");
        assertThat(RtspUrl.parse("rtsp://[::1]:9000/a").toString()).isEqualTo("rtsp://[::1]:9000/a");
        assertThatThrownBy(() -> RtspUrl.parse("http://cam/")).hasMessageContaining("rtsp");
        assertThatThrownBy(() -> RtspUrl.parse("rtsp://admin:secret@cam:99999/")).hasMessageContaining("out of range").hasMessageNotContaining("secret");
        // a URL typed without its host: what stands where the port would be is the password (HttpInputFuzz)
        assertThatThrownBy(() -> RtspUrl.parse("rtsp://admin:hunter22")).hasMessageContaining("not a number").hasMessageNotContaining("hunter22");
        assertThatThrownBy(() -> RtspUrl.parse("rtsp://admin:12345678")).hasMessageContaining("out of range").hasMessageNotContaining("12345678");
        assertThatThrownBy(() -> RtspUrl.parse("rtsp:///path")).hasMessageContaining("no host");
    }

    @Test
    void controlUrlsResolveTheWayCamerasExpect() {
        assertThat(RtspUrl.resolveControl("rtsp://cam/live/", "trackID=1")).isEqualTo("rtsp://cam/live/trackID=1");
        assertThat(RtspUrl.resolveControl("rtsp://cam/live", "trackID=1")).isEqualTo("rtsp://cam/live/trackID=1");
        assertThat(RtspUrl.resolveControl("rtsp://cam/live", "rtsp://cam/other/track")).isEqualTo("rtsp://cam/other/track");
        assertThat(RtspUrl.resolveControl("rtsp://cam/live", "*")).isEqualTo("rtsp://cam/live");
        assertThat(RtspUrl.resolveControl("10.0.0.5/live/", "trackID=0")).as("Content-Base without a scheme").isEqualTo("rtsp://10.0.0.5/live/trackID=0");
    }

    @Test
    void transportWithoutTcpButWithInterleavedChannelsIsTcp() {
        TransportHeader t = TransportHeader.parse("RTP/AVP;unicast;interleaved=2-3;ssrc=5E0C4A3B;mode=\"PLAY\"");
        assertThat(t.tcp()).isTrue();
        assertThat(t.interleavedRtp()).isEqualTo(2);
        assertThat(t.interleavedRtcp()).isEqualTo(3);
        assertThat(t.ssrc()).isEqualTo(0x5E0C4A3BL);
    }

    @Test
    void udpTransportWithoutServerPortIsAccepted() {
        TransportHeader t = TransportHeader.parse("RTP/AVP;unicast;client_port=50000-50001;source=10.0.0.5");
        assertThat(t.tcp()).isFalse();
        assertThat(t.serverRtpPort()).isEqualTo(-1);
        assertThat(t.clientRtpPort()).isEqualTo(50000);
        TransportHeader t2 = TransportHeader.parse("RTP/AVP/UDP;unicast;client_port=50000-50001;server_port=6970-6971");
        assertThat(t2.serverRtcpPort()).isEqualTo(6971);
    }

    @Test
    void sessionHeadersWithAndWithoutTimeout() {
        assertThat(SessionHeader.parse("12345678;timeout=30")).isEqualTo(new SessionHeader("12345678", 30));
        assertThat(SessionHeader.parse("ABCD ")).isEqualTo(new SessionHeader("ABCD", 60));
        assertThat(SessionHeader.parse("ABCD;timeout=abc").timeoutSeconds()).isEqualTo(60);
        assertThat(SessionHeader.parse("")).isNull();
    }

    @Test
    void rtpInfoGivesSequenceTimestampAndSometimesSsrc() {
        List<RtpInfo.Entry> e = RtpInfo.parse("url=rtsp://cam/live/trackID=1;seq=6234;rtptime=2958262348;ssrc=1A2B3C4D,url=rtsp://cam/live/trackID=2;seq=1");
        assertThat(e).hasSize(2);
        assertThat(e.get(0).seq()).isEqualTo(6234);
        assertThat(e.get(0).rtpTime()).isEqualTo(2958262348L);
        assertThat(e.get(0).ssrc()).isEqualTo(0x1A2B3C4DL);
        assertThat(RtpInfo.forTrack(e, "rtsp://cam/live/trackID=2", 1).seq()).isEqualTo(1);
        assertThat(RtpInfo.forTrack(RtpInfo.parse("url=trackID=1;seq=5"), "rtsp://cam/live/trackID=1", 0).seq()).isEqualTo(5);
    }

    @Test
    void tracksAreSelectedFromTheSdpWithTheirParameterSets() throws Exception {
        String sdp = "v=0\ns=x\nm=audio 0 RTP/AVP 0\na=control:trackID=0\nm=video 0 RTP/AVP 96\na=rtpmap:96 H264/90000\n"
                + "a=fmtp:96 sprop-parameter-sets=" + b64(Rtp.SPS_1080P_HIGH) + "," + b64(Rtp.PPS_1080P_HIGH) + "\na=control:trackID=1\n"
                + "m=video 0 RTP/AVP 97\na=rtpmap:97 H265/90000\na=fmtp:97 sprop-vps=@@@;sprop-sps=;sprop-pps=" + b64(Rtp.PPS_720P_MAIN) + "\n"
                + "m=video 0 RTP/AVP 26\n";
        MediaTrack.Selection sel = MediaTrack.select(SdpParser.parse(sdp).media(), "rtsp://cam/live");
        assertThat(sel.supported()).hasSize(2);
        MediaTrack h264 = sel.supported().get(0);
        assertThat(h264.codec()).isEqualTo(Codec.H264);
        assertThat(h264.controlUrl()).isEqualTo("rtsp://cam/live/trackID=1");
        assertThat(h264.sps()).isEqualTo(Rtp.SPS_1080P_HIGH);
        assertThat(h264.pps()).isEqualTo(Rtp.PPS_1080P_HIGH);
        MediaTrack h265 = sel.supported().get(1);
        assertThat(h265.vps()).as("garbage base64 is ignored").isNull();
        assertThat(h265.sps()).as("empty value is ignored").isNull();
        assertThat(h265.pps()).isEqualTo(Rtp.PPS_720P_MAIN);
        assertThat(sel.unsupported()).containsExactly("audio/payload type 0", "video/payload type 26");
    }

    private static String b64(byte[] b) {
        return java.util.Base64.getEncoder().encodeToString(b);
    }
}
