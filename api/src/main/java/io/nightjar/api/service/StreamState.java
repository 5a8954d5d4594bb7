package io.nightjar.api.service;

import io.nightjar.recorder.camera.CameraSupervisor;

/** A camera stream's connection state, as the API names it. */
public enum StreamState {
    connecting, streaming, backing_off, stopped;

    public static StreamState of(CameraSupervisor.State s) {
        return switch (s) {
            case CONNECTING -> connecting;
            case STREAMING -> streaming;
            case BACKING_OFF -> backing_off;
            case STOPPED -> stopped;
        };
    }
}
