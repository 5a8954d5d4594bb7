package io.nightjar.api.service;

import io.nightjar.recorder.media.CodecConfig;

/** Live pictures for viewers. */
public interface Live {
    /** Which picture: the recorded main stream, the camera's sub-stream, or an H.264 preview made for browsers. */
    enum Stream { main, sub, preview }

    /**
     * Opens a camera's live stream for one viewer (audited, {@code via} saying how it watches); close
     * the feed when the viewer leaves.
     */
    LiveFeed open(Caller caller, String camera, Stream stream, String via);

    /**
     * The codec configuration a stream is sending, or null before its first keyframe (camera not
     * streaming; for a camera another node records, until that node has said). Never waits: ask
     * again.
     */
    CodecConfig config(Caller caller, String camera, Stream stream);

    /**
     * Where to watch a camera this node does not record, in a cluster: the recording node's live
     * WebSocket and the {@code Authorization} that opens it as the caller; null when this node
     * serves the stream itself (outside a cluster: always).
     */
    default Relay relay(Caller caller, String camera, Stream stream) {
        return null;
    }

    /** Another node's live WebSocket, and the header that opens it on a caller's behalf. */
    record Relay(String node, java.net.URI uri, String authorization) {
    }
}
