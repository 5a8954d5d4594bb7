package io.nightjar.api.service;

/** Live pictures for viewers. */
public interface Live {
    /** Which picture: the recorded main stream, the camera's sub-stream, or an H.264 preview made for browsers. */
    enum Stream { main, sub, preview }

    /** Opens a camera's live stream for one viewer (audited); close the feed when the viewer leaves. */
    LiveFeed open(Caller caller, String camera, Stream stream);
}
