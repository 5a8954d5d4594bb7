package io.nightjar.api.server;

import io.nightjar.api.live.LiveFanout;
import io.nightjar.api.live.PreviewStreams;
import io.nightjar.api.service.Caller;
import io.nightjar.api.service.Evidence;
import io.nightjar.api.service.Live;
import io.nightjar.api.service.LiveFeed;
import io.nightjar.recorder.media.CodecConfig;
import io.nightjar.recorder.ring.StreamRef;

/** {@link Live} over the ring's fan-out and the preview encoders (started by their first viewer, stopped by their last). */
final class LiveService implements Live {
    private final LiveFanout fanout;
    private final PreviewStreams previews;
    private final Evidence evidence;

    LiveService(LiveFanout fanout, PreviewStreams previews, Evidence evidence) {
        this.fanout = fanout;
        this.previews = previews;
        this.evidence = evidence;
    }

    @Override
    public LiveFeed open(Caller caller, String camera, Stream stream, String via) {
        caller.checkCamera(camera);
        StreamRef ref = ref(camera, stream);
        evidence.audit(caller, "live", camera, null, null, via);
        if (stream == Stream.preview) {
            previews.acquire(camera);
            return new LiveFeed(ref, previews.fanout(), () -> previews.release(camera));
        }
        return new LiveFeed(ref, fanout, () -> { });
    }

    @Override
    public CodecConfig config(Caller caller, String camera, Stream stream) {
        return (stream == Stream.preview ? previews.fanout() : fanout).config(ref(camera, stream));
    }

    private static StreamRef ref(String camera, Stream stream) {
        return StreamRef.of(camera, stream == Stream.sub ? StreamRef.Kind.SUB : StreamRef.Kind.MAIN);
    }
}
