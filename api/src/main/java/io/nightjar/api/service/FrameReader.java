package io.nightjar.api.service;

import java.io.IOException;

/**
 * The recorded frames of a range in order, read from disk as they are asked for (a playback's
 * source). One reader per viewer, used by one thread at a time; close it when done.
 */
public interface FrameReader extends AutoCloseable {
    /** The next frame, or null after the last; the previous frame's data is given back first. */
    RecordedFrame next() throws IOException;

    /** Gives back the last frame's data and the open file. */
    @Override
    void close();
}
