package io.nightjar.api.service;

import io.nightjar.recorder.rtsp.RtspFailure;

/** Why a camera's last session ended: the kind (for programs and the UI) and one line for people. */
public record FailureView(RtspFailure.Kind kind, String message) {
    public static FailureView of(RtspFailure f) {
        return f == null ? null : new FailureView(f.kind(), f.message());
    }
}
