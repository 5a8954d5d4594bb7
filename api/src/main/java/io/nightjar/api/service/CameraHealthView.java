package io.nightjar.api.service;

import java.util.Map;

/** Everything a technician needs about one camera: both streams, the writer, analytics, retention, viewers. */
public record CameraHealthView(String id, String recording, RecordingState recordingState, StreamHealth main, StreamHealth sub,
                               Writer writer, Analytics analytics, RetentionView retention, int liveViewers) {
    /** One RTSP stream of the camera. */
    public record StreamHealth(StreamState state, String since, String lastError, FailureView failure, double fps, double expectedFps,
                               long bitrate, int gopFrames, long frames, long bytes, long packetsReceived, long packetsLost,
                               double lossPercent, long packetsReordered, long packetsDuplicated, long depacketizerErrors,
                               long ringStalls, long reconnects, String codec, String codecString, int width, int height,
                               String transport, String auth, String server, String tool, Clock clock) {
    }

    /** What the camera's clock did (RTP timestamps against the wall clock). */
    public record Clock(long runs, long jumps, long reanchors, long lateFrames) {
    }

    /** The segment writer's view of the camera. */
    public record Writer(String state, String lastError, String currentFile, long framesWritten, long framesDropped,
                         Map<String, Long> framesDroppedByReason, long bytesWritten, long filesWritten, long writeErrors,
                         String indexedUntil) {
    }

    /** The analytics tap's view of the camera. */
    public record Analytics(long analysed, long dropped, long decodeErrors, long queued) {
    }
}
