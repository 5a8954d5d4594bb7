package io.nightjar.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightjar.recorder.media.rtp.DepacketizerFuzz;
import io.nightjar.recorder.media.SpsParserFuzz;
import io.nightjar.recorder.rtp.RtpRtcpFuzz;
import io.nightjar.recorder.rtsp.RtspClientInputFuzz;
import io.nightjar.recorder.rtsp.RtspUrlFuzz;
import io.nightjar.recorder.sdp.SdpParserFuzz;
import io.nightjar.recorder.testing.Fuzzing;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ingest parsers under coverage-guided fuzzing (Jazzer), each for {@link Fuzzing#seconds()}
 * in a JVM of its own: a finding fails the test with the crashing input and a Java reproducer.
 */
class FuzzIT {
    @ParameterizedTest
    @ValueSource(classes = {RtspClientInputFuzz.class, SdpParserFuzz.class, RtpRtcpFuzz.class, DepacketizerFuzz.class,
            SpsParserFuzz.class, RtspUrlFuzz.class})
    void noInputBreaksTheParser(Class<?> target) throws Exception {
        Fuzzing.Result r = Fuzzing.run(target, Fuzzing.seconds());
        assertThat(r.finding()).as(r.summary()).isNull();
        assertThat(r.exitCode()).as(r.summary()).isZero();
        assertThat(r.runs()).as("inputs tried: %s", r.summary()).isPositive();
    }
}
