package io.nightjar.api.service;

import io.nightjar.api.live.LiveSource;
import io.nightjar.recorder.ring.StreamRef;

/**
 * A live stream opened for one viewer: where its frames come from, and what to do when the viewer
 * leaves ({@link #close}: a preview encoder stops when its last viewer does). Live frames are the
 * one place where buffers cross the façade: a remote node would give a source that reads from the network.
 */
public record LiveFeed(StreamRef stream, LiveSource source, Runnable onClose) implements AutoCloseable {
    @Override
    public void close() {
        onClose.run();
    }
}
