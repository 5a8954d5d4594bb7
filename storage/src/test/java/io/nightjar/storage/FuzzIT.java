package io.nightjar.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightjar.recorder.testing.Fuzzing;
import io.nightjar.storage.recovery.SegmentFileFuzz;
import org.junit.jupiter.api.Test;

/** Segment-file parsing (recovery, HLS) under coverage-guided fuzzing: see {@link Fuzzing}. */
class FuzzIT {
    @Test
    void noDamagedFileBreaksTheReader() throws Exception {
        Fuzzing.Result r = Fuzzing.run(SegmentFileFuzz.class, Fuzzing.seconds());
        assertThat(r.finding()).as(r.summary()).isNull();
        assertThat(r.exitCode()).as(r.summary()).isZero();
        assertThat(r.runs()).as("inputs tried: %s", r.summary()).isPositive();
    }
}
