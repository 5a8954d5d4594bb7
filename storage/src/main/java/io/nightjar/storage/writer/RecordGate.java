package io.nightjar.storage.writer;

/**
 * Decides, frame by frame, what the writer does with a camera's main stream: record it, keep it in
 * a pre-roll buffer (motion-only recording: the seconds before an event are written when it
 * starts), or drop it (recording off). Asked on the writer thread for every access unit, so an
 * implementation must answer from memory in nanoseconds.
 */
public interface RecordGate {
    /** What to do with a frame. */
    enum Decision { RECORD, BUFFER, SKIP }

    /** Records everything (continuous recording, the default). */
    RecordGate CONTINUOUS = new RecordGate() {
        @Override
        public Decision decide(String camera, long wallMicros) {
            return Decision.RECORD;
        }

        @Override
        public long preRollMicros(String camera) {
            return 0;
        }
    };

    Decision decide(String camera, long wallMicros);

    /** How much footage before an event a {@link Decision#BUFFER}ed camera keeps ready. */
    long preRollMicros(String camera);
}
