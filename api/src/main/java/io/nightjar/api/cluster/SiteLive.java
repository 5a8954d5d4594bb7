package io.nightjar.api.cluster;

import io.nightjar.api.auth.NodeAuth;
import io.nightjar.api.service.Caller;
import io.nightjar.api.service.Live;
import io.nightjar.api.service.LiveFeed;
import io.nightjar.cluster.Member;
import io.nightjar.recorder.media.CodecConfig;
import java.net.URI;
import java.util.function.Supplier;

/**
 * Live view in a cluster: a camera recorded by another live node is watched through that node's
 * live WebSocket, relayed by this one ({@code live.LiveRelay}), opened with a call signed as the
 * viewer (so that node checks the viewer's cameras and audits the viewing); this node's own
 * cameras as before.
 */
public final class SiteLive implements Live {
    private final Live local;
    private final Supplier<ClusterMembership> cluster;
    private final NodeAuth auth;

    public SiteLive(Live local, Supplier<ClusterMembership> cluster, NodeAuth auth) {
        this.local = local;
        this.cluster = cluster;
        this.auth = auth;
    }

    @Override
    public LiveFeed open(Caller caller, String camera, Stream stream, String via) {
        return local.open(caller, camera, stream, via);
    }

    @Override
    public CodecConfig config(String camera, Stream stream) {
        return local.config(camera, stream);
    }

    @Override
    public Relay relay(Caller caller, String camera, Stream stream) {
        ClusterMembership m = cluster.get();
        if (!PeerCalls.siteWide(m, caller)) {
            return null;
        }
        Member r = m.recorderElsewhere(camera);
        if (r == null) {
            return null;
        }
        String path = "/api/v1/cameras/" + camera + "/live?stream=" + stream.name();
        return new Relay(r.node(), URI.create("ws://" + r.httpAddress() + path), auth.sign("GET", path, caller.principal()));
    }
}
