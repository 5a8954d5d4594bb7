package io.nightjar.api.cluster;

import com.fasterxml.jackson.core.type.TypeReference;
import io.nightjar.api.auth.NodeAuth;
import io.nightjar.api.service.Caller;
import io.nightjar.api.service.FrameReader;
import io.nightjar.api.service.Media;
import io.nightjar.api.service.Recordings;
import io.nightjar.api.service.Region;
import io.nightjar.api.service.SegmentFileView;
import io.nightjar.api.service.SpanView;
import io.nightjar.recorder.media.CodecConfig;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's recordings as the site's: spans are those of every node that recorded the camera in the
 * range (the catalog says which), fetched from them with calls signed on the caller's behalf and
 * stitched ({@link SpanStitch}); a node that does not answer within {@link PeerCalls#TIMEOUT} is left
 * out (its footage shows as a gap, with the log saying why). A call that itself came from a node
 * is answered with this node's own footage, so calls never go round. The other footage routes
 * answer for this node's footage (not stitched yet).
 */
public final class SiteRecordings implements Recordings {
    private static final Logger LOG = LoggerFactory.getLogger(SiteRecordings.class);
    private final Recordings local;
    private final Supplier<ClusterMembership> cluster;
    private final PeerCalls peers;

    /** @param cluster this node's membership, null until it has joined */
    public SiteRecordings(Recordings local, Supplier<ClusterMembership> cluster, NodeAuth auth) {
        this.local = local;
        this.cluster = cluster;
        this.peers = new PeerCalls(auth);
    }

    @Override
    public List<SpanView> spans(Caller caller, String camera, long from, long to) {
        List<SpanView> own = local.spans(caller, camera, from, to);
        ClusterMembership m = cluster.get();
        if (m == null || caller == null || NodeAuth.fromNode(caller.principal())) {
            return own;
        }
        Map<String, String> peers = m.peersFor(camera, from, to);
        if (peers.isEmpty()) {
            return own;
        }
        String path = "/api/v1/cameras/" + camera + "/spans?from=" + Instant.ofEpochMilli(from / 1000) + "&to="
                + Instant.ofEpochMilli(Math.floorDiv(to + 999, 1000));
        List<CompletableFuture<List<SpanView>>> asked = new ArrayList<>();
        for (Map.Entry<String, String> peer : peers.entrySet()) {
            asked.add(this.peers.get(peer.getKey(), peer.getValue(), path, caller.principal(), "the spans of " + camera).thenApply(body -> {
                if (body.isEmpty()) {
                    return List.<SpanView>of();
                }
                try {
                    return io.nightjar.api.http.Json.MAPPER.readValue(body.get(), new TypeReference<List<SpanView>>() { });
                } catch (IOException bad) {
                    LOG.warn("node {} answered the spans of {} with what is not a list of spans: {}", peer.getKey(), camera, bad.toString());
                    return List.<SpanView>of();
                }
            }));
        }
        List<List<SpanView>> all = new ArrayList<>();
        all.add(own);
        for (CompletableFuture<List<SpanView>> f : asked) {
            all.add(f.join());
        }
        return SpanStitch.stitch(all, from / 1000, Math.floorDiv(to + 999, 1000));
    }

    @Override
    public Set<String> recordedCameras() {
        return local.recordedCameras();
    }

    @Override
    public List<SpanView> motion(String camera, Region region, long from, long to) {
        return local.motion(camera, region, from, to);
    }

    @Override
    public List<SegmentFileView> files(String camera, long from, long to) {
        return local.files(camera, from, to);
    }

    @Override
    public Media file(Caller caller, String camera, String name) throws Exception {
        return local.file(caller, camera, name);
    }

    @Override
    public String playlist(Caller caller, String camera, long from, long to, String base, String suffix) {
        return local.playlist(caller, camera, from, to, base, suffix);
    }

    @Override
    public Media hlsSegment(Caller caller, String camera, String name) throws Exception {
        return local.hlsSegment(caller, camera, name);
    }

    @Override
    public Media export(Caller caller, String camera, long from, long to, boolean continuation) throws Exception {
        return local.export(caller, camera, from, to, continuation);
    }

    @Override
    public byte[] exportManifest(Caller caller, String camera, long from, long to) throws Exception {
        return local.exportManifest(caller, camera, from, to);
    }

    @Override
    public io.nightjar.storage.read.SampleTable exportSamples(Caller caller, String camera, long from, long to) throws Exception {
        return local.exportSamples(caller, camera, from, to);
    }

    @Override
    public Optional<CodecConfig> playbackConfig(String camera, long from) throws IOException {
        return local.playbackConfig(camera, from);
    }

    @Override
    public FrameReader play(Caller caller, String camera, long from, long to, String via) {
        return local.play(caller, camera, from, to, via);
    }
}
