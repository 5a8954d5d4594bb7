package io.nightjar.recorder.rtsp;

import java.util.concurrent.CompletableFuture;

/**
 * A session listener as two futures, for callers that wait (the probe, tools, tests):
 * {@link #playing()} completes true at PLAY, or false if the session closed first;
 * {@link #closed()} completes with the failure (null after a requested stop).
 */
public final class SessionOutcome implements RtspSession.Listener {
    private final CompletableFuture<Boolean> playing = new CompletableFuture<>();
    private final CompletableFuture<RtspFailure> closed = new CompletableFuture<>();

    @Override
    public void onPlaying(RtspSession session) {
        playing.complete(true);
    }

    @Override
    public void onClosed(RtspSession session, RtspFailure failure) {
        closed.complete(failure);
        playing.complete(false);
    }

    public CompletableFuture<Boolean> playing() {
        return playing;
    }

    public CompletableFuture<RtspFailure> closed() {
        return closed;
    }
}
