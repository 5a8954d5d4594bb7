package io.nightjar.storage.writer;

/**
 * What the writer is doing for one camera.
 *
 * @param camera            camera id
 * @param state             recording, idle (no open file) or after a disk error
 * @param lastError         the last write problem in words, or null
 * @param currentFile       the open file (index path), or null
 * @param framesWritten     access units written
 * @param fragmentsWritten  fragments written and indexed
 * @param bytesWritten      bytes written (fragments)
 * @param framesDropped     access units not recorded (before a keyframe, disk errors)
 * @param filesWritten      files started
 * @param writeErrors       write failures
 * @param lastFrameMicros   wall time of the last frame received
 * @param indexedUntilMicros wall time up to which footage is indexed
 * @param droppedByReason   {@code framesDropped} by reason (every reason present)
 */
public record CameraStatus(String camera, WriterState state, String lastError, String currentFile, long framesWritten,
                           long fragmentsWritten, long bytesWritten, long framesDropped, long filesWritten,
                           long writeErrors, long lastFrameMicros, long indexedUntilMicros,
                           java.util.Map<WriterDrop, Long> droppedByReason) {
}
