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
 * is answered with this node's own footage, so calls never go round. Playlists, the files list
 * and smart search are the site's too; another node's files and segments are named
 * {@code <node>~<name>} and fetched from it.
 */
public final class SiteRecordings implements Recordings {
    private static final Logger LOG = LoggerFactory.getLogger(SiteRecordings.class);
    private final Recordings local;
    private final Supplier<ClusterMembership> cluster;
    private final PeerCalls peers;
    private final PeerFiles files;

    /**
     * @param cluster this node's membership, null until it has joined
     * @param files   where other nodes' files are copied to be served through this one
     */
    public SiteRecordings(Recordings local, Supplier<ClusterMembership> cluster, NodeAuth auth, PeerFiles files) {
        this.local = local;
        this.cluster = cluster;
        this.peers = new PeerCalls(auth);
        this.files = files;
    }

    @Override
    public List<SpanView> spans(Caller caller, String camera, long from, long to) {
        List<SpanView> own = local.spans(caller, camera, from, to);
        String q = "/spans?from=" + Instant.ofEpochMilli(from / 1000) + "&to=" + Instant.ofEpochMilli(Math.floorDiv(to + 999, 1000));
        Map<String, List<SpanView>> theirs = fromPeers(caller, camera, from, to, q, new TypeReference<List<SpanView>>() { }, "the spans");
        if (theirs.isEmpty()) {
            return own;
        }
        List<List<SpanView>> all = new ArrayList<>();
        all.add(own);
        all.addAll(theirs.values());
        return SpanStitch.stitch(all, from / 1000, Math.floorDiv(to + 999, 1000));
    }

    @Override
    public Set<String> recordedCameras() {
        return local.recordedCameras();
    }

    @Override
    public List<SpanView> motion(Caller caller, String camera, Region region, long from, long to) {
        List<SpanView> all = new ArrayList<>(local.motion(caller, camera, region, from, to));
        String q = "?from=" + iso(from) + "&to=" + iso(to) + "&region=" + String.format(java.util.Locale.ROOT, "%s,%s,%s,%s",
                region.x0(), region.y0(), region.x1(), region.y1());
        fromPeers(caller, camera, from, to, "/motion" + q, new TypeReference<List<SpanView>>() { }, "motion").values().forEach(all::addAll);
        return SpanStitch.union(all);
    }

    /**
     * {@code GET /api/v1/cameras/<camera><path>} of every other live node the catalog names for the
     * range, as the caller, in parallel: the answers that came, by node (a node that does not
     * answer is left out and logged). None for a call from a node (calls never go round).
     */
    private <T> Map<String, T> fromPeers(Caller caller, String camera, long from, long to, String path, TypeReference<T> type, String what) {
        ClusterMembership m = cluster.get();
        if (!PeerCalls.siteWide(m, caller)) {
            return Map.of();
        }
        List<CompletableFuture<java.util.Optional<byte[]>>> asked = new ArrayList<>();
        List<String> who = new ArrayList<>();
        for (Map.Entry<String, String> peer : m.peersFor(camera, from, to).entrySet()) {
            asked.add(peers.get(peer.getKey(), peer.getValue(), "/api/v1/cameras/" + camera + path, caller.principal(), what + " of " + camera));
            who.add(peer.getKey());
        }
        Map<String, T> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < asked.size(); i++) {
            java.util.Optional<byte[]> body = asked.get(i).join();
            if (body.isEmpty()) {
                continue;
            }
            try {
                out.put(who.get(i), io.nightjar.api.http.Json.MAPPER.readValue(body.get(), type));
            } catch (IOException bad) {
                LOG.warn("node {} answered {} of {} with what this node cannot read: {}", who.get(i), what, camera, bad.toString());
            }
        }
        return out;
    }

    @Override
    public List<SegmentFileView> files(Caller caller, String camera, long from, long to) {
        List<SegmentFileView> all = new ArrayList<>(local.files(caller, camera, from, to));
        String q = "/files?from=" + iso(from) + "&to=" + iso(to);
        // each other node's files named for it (<node>~<name>): they are fetched through it
        fromPeers(caller, camera, from, to, q, new TypeReference<List<SegmentFileView>>() { }, "the files").forEach((node, theirs) -> {
            for (SegmentFileView f : theirs) {
                all.add(new SegmentFileView(node + "~" + f.name(), f.start(), f.end(), f.bytes(), f.state(), f.codec(), f.sha256()));
            }
        });
        all.sort(java.util.Comparator.comparing(SegmentFileView::start));
        return all;
    }

    /** A file of this node, or {@code <node>~<file>} of another live node: copied here from it once (kept a while), then served. */
    @Override
    public Media file(Caller caller, String camera, String name) throws Exception {
        java.util.regex.Matcher r = REMOTE.matcher(name);
        ClusterMembership m = cluster.get();
        if (!r.matches() || m == null) {
            return local.file(caller, camera, name);
        }
        String address = m.liveAddress(r.group(1));
        if (address == null) {
            throw io.nightjar.api.service.ServiceException.notFound("no file '" + name + "': node " + r.group(1) + " is not a live member");
        }
        java.nio.file.Path copy;
        try {
            copy = files.whole(caller, r.group(1), address, camera, r.group(2));
        } catch (IOException e) {
            throw io.nightjar.api.service.ServiceException.notFound("no file '" + name + "' from node " + r.group(1) + ": " + e.getMessage());
        }
        return new Media(List.of(new Media.FileRange(copy, 0, java.nio.file.Files.size(copy))), false, null, 0, null);
    }

    /**
     * The site's playlist: where the catalog says the camera moved within the range, each node's
     * playlist of its stretch ({@link PlaylistStitch}), another node's segments named
     * {@code <node>~<segment>} and fetched from it by {@link #hlsSegment}. A node that does not
     * answer leaves its stretch out.
     */
    @Override
    public String playlist(Caller caller, String camera, long from, long to, String base, String suffix) {
        ClusterMembership m = cluster.get();
        if (!PeerCalls.siteWide(m, caller)) {
            return local.playlist(caller, camera, from, to, base, suffix);
        }
        List<ClusterMembership.Piece> pieces;
        try {
            pieces = m.pieces(camera, from, to);
        } catch (Exception e) {
            LOG.warn("the catalog of {} cannot be read ({}): this node's footage only", camera, e.toString());
            return local.playlist(caller, camera, from, to, base, suffix);
        }
        if (pieces.stream().allMatch(ClusterMembership.Piece::here)) {
            return local.playlist(caller, camera, from, to, base, suffix);
        }
        List<PlaylistStitch.Part> parts = new ArrayList<>();
        String theirs = "/api/v1/cameras/" + camera + "/hls/";
        for (ClusterMembership.Piece p : pieces) {
            if (p.here()) {
                try {
                    parts.add(new PlaylistStitch.Part(null, local.playlist(caller, camera, p.from(), p.to(), base, suffix), base, suffix));
                } catch (io.nightjar.api.service.ServiceException none) {
                    // nothing here in that stretch
                }
            } else if (p.address() != null) {
                String path = "/api/v1/cameras/" + camera + "/playlist.m3u8?from=" + iso(p.from()) + "&to=" + iso(p.to());
                this.peers.getNow(p.node(), p.address(), path, caller.principal(), "the playlist of " + camera)
                        .ifPresent(body -> parts.add(new PlaylistStitch.Part(p.node(), new String(body, java.nio.charset.StandardCharsets.UTF_8),
                                theirs, "")));
            } else {
                LOG.warn("node {} recorded {} from {} to {} but is not a live member: left out of the playlist", p.node(), camera,
                        iso(p.from()), iso(p.to()));
            }
        }
        String playlist = PlaylistStitch.stitch(parts, base, suffix);
        if (playlist == null) {
            throw io.nightjar.api.service.ServiceException.notFound("nothing recorded for " + camera + " in that range on any node that answered");
        }
        return playlist;
    }

    /** {@code <node>~<name>}: a segment or file name of another node (only the characters such names have: nothing else reaches it). */
    private static final java.util.regex.Pattern REMOTE = java.util.regex.Pattern.compile("([A-Za-z0-9._-]{1,64})~([A-Za-z0-9._-]{1,200})");

    /** A segment of this node, or {@code <node>~<segment>} of another live node, fetched from it as the caller. */
    @Override
    public Media hlsSegment(Caller caller, String camera, String name) throws Exception {
        java.util.regex.Matcher r = REMOTE.matcher(name);
        ClusterMembership m = cluster.get();
        if (!r.matches() || m == null) {
            return local.hlsSegment(caller, camera, name);
        }
        String address = m.liveAddress(r.group(1));
        if (address == null) {
            throw io.nightjar.api.service.ServiceException.notFound("no HLS segment '" + name + "': node " + r.group(1) + " is not a live member");
        }
        String path = "/api/v1/cameras/" + camera + "/hls/" + r.group(2);
        byte[] body = peers.getNow(r.group(1), address, path, caller.principal(), "segment " + r.group(2) + " of " + camera)
                .orElseThrow(() -> io.nightjar.api.service.ServiceException.notFound("no HLS segment '" + name + "' from node " + r.group(1)));
        return new Media(List.of(new Media.Bytes(body)), false, null, 0, null);
    }

    private static String iso(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000).toString();
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
