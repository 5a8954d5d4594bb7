package io.nightjar.api.cluster;

import com.fasterxml.jackson.core.type.TypeReference;
import io.nightjar.api.auth.NodeAuth;
import io.nightjar.api.config.CameraConfig;
import io.nightjar.api.http.Json;
import io.nightjar.api.service.CameraHealthView;
import io.nightjar.api.service.CameraView;
import io.nightjar.api.service.Cameras;
import io.nightjar.api.service.Caller;
import io.nightjar.api.service.ProbeRequest;
import io.nightjar.api.service.ProbeView;
import io.nightjar.api.service.RetentionView;
import io.nightjar.cluster.Member;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's cameras as the site's: what only the node recording a camera knows (its view with the
 * streams' state, its health, its live picture) is asked of that node, on the caller's behalf
 * ({@link PeerCalls}), so every node gives the same answer for every camera. A recorded instant's
 * picture comes from this node when it holds that footage, else from a node the catalog names for
 * it. The list asks each recording node once for all of its cameras. A node that does not answer
 * leaves this node's own answer (which says where the camera is recorded); a call that came from a
 * node is answered with this node's own, so calls never go round. Changes are the site's already
 * (the camera record in ZooKeeper): they go to this node's service.
 */
public final class SiteCameras implements Cameras {
    private static final Logger LOG = LoggerFactory.getLogger(SiteCameras.class);

    private final Cameras local;
    private final Supplier<ClusterMembership> cluster;
    private final PeerCalls peers;

    /** @param cluster this node's membership, null until it has joined */
    public SiteCameras(Cameras local, Supplier<ClusterMembership> cluster, NodeAuth auth) {
        this.local = local;
        this.cluster = cluster;
        this.peers = new PeerCalls(auth);
    }

    /** The live node other than this one that records {@code camera}, or null (this node, nobody, or not asked on a user's behalf). */
    private Member recorder(Caller caller, String camera) {
        ClusterMembership m = cluster.get();
        if (!PeerCalls.siteWide(m, caller)) {
            return null;
        }
        return m.recorderElsewhere(camera);
    }

    @Override
    public List<CameraView> list(Caller caller) {
        List<CameraView> own = local.list(caller);
        Map<Member, List<Integer>> byRecorder = new HashMap<>();
        for (int i = 0; i < own.size(); i++) {
            Member r = recorder(caller, own.get(i).id());
            if (r != null) {
                byRecorder.computeIfAbsent(r, k -> new ArrayList<>()).add(i);
            }
        }
        Map<Member, CompletableFuture<Optional<byte[]>>> asked = new HashMap<>();
        byRecorder.keySet().forEach(r -> asked.put(r, peers.get(r.node(), r.httpAddress(), "/api/v1/cameras", caller.principal(), "its cameras")));
        List<CameraView> out = new ArrayList<>(own);
        for (Map.Entry<Member, List<Integer>> e : byRecorder.entrySet()) {
            Optional<byte[]> body = asked.get(e.getKey()).join();
            if (body.isEmpty()) {
                continue;
            }
            Map<String, CameraView> theirs = new HashMap<>();
            try {
                for (CameraView v : Json.MAPPER.readValue(body.get(), new TypeReference<List<CameraView>>() { })) {
                    theirs.put(v.id(), v);
                }
            } catch (IOException bad) {
                LOG.warn("node {} answered its cameras with what is not a list of cameras: {}", e.getKey().node(), bad.toString());
                continue;
            }
            for (int i : e.getValue()) {
                CameraView v = theirs.get(own.get(i).id());
                if (v != null) {
                    out.set(i, v);
                }
            }
        }
        return out;
    }

    @Override
    public boolean known(String id) {
        return local.known(id);
    }

    @Override
    public CameraView get(Caller caller, String id) {
        return fromRecorder(caller, id, "", CameraView.class, local.get(caller, id));
    }

    @Override
    public CameraHealthView health(Caller caller, String id) {
        return fromRecorder(caller, id, "/health", CameraHealthView.class, local.health(caller, id));
    }

    /** {@code /api/v1/cameras/<id><path>} as the node recording the camera answers it, else {@code own}. */
    private <T> T fromRecorder(Caller caller, String id, String path, Class<T> type, T own) {
        Member r = recorder(caller, id);
        if (r == null) {
            return own;
        }
        return read(peers.getNow(r.node(), r.httpAddress(), "/api/v1/cameras/" + id + path, caller.principal(), "camera " + id + path),
                type, r).orElse(own);
    }

    @Override
    public Optional<byte[]> snapshot(Caller caller, String id, Long atMicros, int width) throws Exception {
        if (atMicros == null) {
            Member r = recorder(caller, id);
            if (r != null) {
                Optional<byte[]> theirs = peers.getNow(r.node(), r.httpAddress(), "/api/v1/cameras/" + id + "/snapshot.jpg?width=" + width,
                        caller.principal(), "the live picture of " + id);
                if (theirs.isPresent()) {
                    return theirs;
                }
            }
            return local.snapshot(caller, id, null, width);
        }
        Optional<byte[]> own = local.snapshot(caller, id, atMicros, width);
        ClusterMembership m = cluster.get();
        if (own.isPresent() || !PeerCalls.siteWide(m, caller)) {
            return own;
        }
        String at = java.time.Instant.ofEpochMilli(Math.floorDiv(atMicros, 1000)).toString();
        for (Map.Entry<String, String> peer : m.peersFor(id, atMicros, atMicros + 1).entrySet()) {
            Optional<byte[]> theirs = peers.getNow(peer.getKey(), peer.getValue(),
                    "/api/v1/cameras/" + id + "/snapshot.jpg?at=" + at + "&width=" + width, caller.principal(), "the picture of " + id + " at " + at);
            if (theirs.isPresent()) {
                return theirs;
            }
        }
        return own;
    }

    private static <T> Optional<T> read(Optional<byte[]> body, Class<T> type, Member from) {
        return read(body, type, from.node());
    }

    private static <T> Optional<T> read(Optional<byte[]> body, Class<T> type, String from) {
        if (body.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readValue(body.get(), type));
        } catch (IOException bad) {
            LOG.warn("node {} answered with what is not a {}: {}", from, type.getSimpleName(), bad.toString());
            return Optional.empty();
        }
    }

    @Override
    public CameraView create(Caller caller, CameraConfig config) {
        return local.create(caller, config);
    }

    @Override
    public CameraView update(Caller caller, String id, CameraConfig config) {
        return local.update(caller, id, config);
    }

    @Override
    public void delete(Caller caller, String id) {
        local.delete(caller, id);
    }

    /**
     * The retention achieved over every node's footage of the camera: oldest and newest of all,
     * days kept between them, hours recorded, bytes and files summed (the other live nodes the
     * catalog names for the camera, asked as the caller).
     */
    @Override
    public RetentionView retention(Caller caller, String id) {
        RetentionView own = local.retention(caller, id);
        ClusterMembership m = cluster.get();
        if (!PeerCalls.siteWide(m, caller)) {
            return own;
        }
        List<RetentionView> all = new ArrayList<>(List.of(own));
        Map<String, CompletableFuture<Optional<byte[]>>> asked = new java.util.LinkedHashMap<>();
        m.peersFor(id, 0, Long.MAX_VALUE).forEach((node, address) ->
                asked.put(node, peers.get(node, address, "/api/v1/cameras/" + id + "/retention", caller.principal(), "the retention of " + id)));
        asked.forEach((node, f) -> read(f.join(), RetentionView.class, node).ifPresent(all::add));
        return combine(all);
    }

    static RetentionView combine(List<RetentionView> all) {
        String oldest = null;
        String newest = null;
        double hours = 0;
        long bytes = 0;
        long files = 0;
        for (RetentionView r : all) {
            if (r.oldest() != null && (oldest == null || java.time.Instant.parse(r.oldest()).isBefore(java.time.Instant.parse(oldest)))) {
                oldest = r.oldest();
            }
            if (r.newest() != null && (newest == null || java.time.Instant.parse(r.newest()).isAfter(java.time.Instant.parse(newest)))) {
                newest = r.newest();
            }
            hours += r.recordedHours();
            bytes += r.bytes();
            files += r.files();
        }
        Double target = all.get(0).targetDays();
        double kept = oldest == null ? 0 : Math.round((java.time.Instant.parse(newest).toEpochMilli() - java.time.Instant.parse(oldest).toEpochMilli())
                / 86_400_000.0 * 100) / 100.0;
        return new RetentionView(oldest, newest, kept, target, Math.round(hours * 100) / 100.0, bytes, files,
                target == null || kept >= target || all.stream().allMatch(RetentionView::targetMet));
    }

    @Override
    public ProbeView probe(ProbeRequest request) throws Exception {
        return local.probe(request);
    }
}
