package io.nightjar.analytics.tap;

/** Analyses one camera's frames; used by one worker thread at a time. */
public interface FrameAnalyzer extends AutoCloseable {
    /** Analyses an access unit; the caller releases its payload afterwards. */
    void accept(QueuedFrame frame);

    /** The camera stopped sending: close what is open. */
    void offline();

    /** Frames decoded, errors: for the tap's statistics. */
    default long decodeErrors() {
        return 0;
    }

    default long framesAnalysed() {
        return 0;
    }

    @Override
    void close();
}
