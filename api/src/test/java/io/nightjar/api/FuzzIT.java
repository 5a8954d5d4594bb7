package io.nightjar.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightjar.api.http.HttpInputFuzz;
import io.nightjar.api.rtsp.RtspServerInputFuzz;
import io.nightjar.recorder.testing.Fuzzing;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What API and restream clients send, under coverage-guided fuzzing: see {@link Fuzzing}. */
class FuzzIT {
    @ParameterizedTest
    @ValueSource(classes = {RtspServerInputFuzz.class, HttpInputFuzz.class})
    void noClientInputBreaksTheServer(Class<?> target) throws Exception {
        Fuzzing.Result r = Fuzzing.run(target, Fuzzing.seconds());
        assertThat(r.finding()).as(r.summary()).isNull();
        assertThat(r.exitCode()).as(r.summary()).isZero();
        assertThat(r.runs()).as("inputs tried: %s", r.summary()).isPositive();
    }
}
