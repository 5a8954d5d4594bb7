package io.nightjar.recorder.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Random and mutated SDP never escapes as anything but {@link SdpParseException}. */
class SdpParserProperties {
    private static final String BASE = "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=cam\r\na=tool:GStreamer\r\nt=0 0\r\n"
            + "m=video 0 RTP/AVP 96\r\nc=IN IP4 0.0.0.0\r\na=rtpmap:96 H264/90000\r\n"
            + "a=fmtp:96 packetization-mode=1;profile-level-id=640028;sprop-parameter-sets=Z2QAKKzZQHgCJ+XARAAAAwAEAAADAMg8YMZY,aOvjyyLA\r\n"
            + "a=control:stream=0\r\na=framerate:25\r\n";

    @Provide
    Arbitrary<String> anything() {
        return Arbitraries.strings().all().ofMaxLength(2000);
    }

    @Property(tries = 1000)
    void randomTextParsesOrFailsCleanly(@ForAll("anything") String text) {
        check(text);
    }

    @Property(tries = 1000)
    void mutatedCameraSdpParsesOrFailsCleanly(@ForAll @IntRange(min = 0, max = 400) int at, @ForAll @IntRange(min = 0, max = 40) int cut,
                                              @ForAll("anything") String insert) {
        int i = Math.min(at, BASE.length());
        int j = Math.min(BASE.length(), i + cut);
        check(BASE.substring(0, i) + insert + BASE.substring(j));
    }

    private static void check(String text) {
        try {
            SessionDescription s = SdpParser.parse(text);
            assertThat(s.media()).isNotNull();
            for (MediaDescription m : s.media()) {
                m.encodingName();
                m.fmtp();
                assertThat(m.port()).isBetween(0, 65535);
            }
        } catch (SdpParseException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
