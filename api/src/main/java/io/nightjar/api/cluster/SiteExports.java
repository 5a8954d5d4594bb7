package io.nightjar.api.cluster;

import io.nightjar.api.auth.NodeAuth;
import io.nightjar.api.http.Json;
import io.nightjar.api.service.Caller;
import io.nightjar.api.service.Recordings;
import io.nightjar.api.service.SpanView;
import io.nightjar.storage.Storage;
import io.nightjar.storage.read.Mp4Exporter;
import io.nightjar.storage.read.SampleTable;
import io.nightjar.storage.read.Span;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports across the nodes of a site: a range is cut where the catalog says the camera moved
 * ({@link ClusterMembership#pieces}); each node's stretch is planned from its own sample table
 * (this node's index, or the other node's {@code /export/samples}, asked on the caller's behalf),
 * the byte ranges another node's table names are copied here once, at their own offsets, into
 * sparse staging files ({@link PeerFiles}), and one MP4 is planned over all of them
 * ({@link Mp4Exporter#plan(String, long, long, List, Mp4Exporter.Gaps)}) whose manifest names
 * every node's files and the site's gaps. A node that does not answer leaves its stretch out (a
 * gap in the export, named in the manifest, and the log says why). Staged copies are kept for
 * {@link #KEEP_MILLIS} so that the byte ranges of one download read the same bytes, then deleted.
 */
public final class SiteExports {
    private static final Logger LOG = LoggerFactory.getLogger(SiteExports.class);
    static final long KEEP_MILLIS = 15 * 60_000L;

    private final Storage storage;
    private final Supplier<ClusterMembership> cluster;
    private final Supplier<Recordings> site;
    private final PeerCalls peers;
    private final PeerFiles files;
    /** Staged stretches of other nodes, by node, camera and range: reused while kept. */
    private final Map<String, Staged> staged = new ConcurrentHashMap<>();

    private record Staged(Mp4Exporter.Part part, Path dir, long made) {
    }

    /**
     * @param files where copies of other nodes' footage are staged
     * @param site  the site's recordings (for the gaps the manifest names)
     */
    public SiteExports(Storage storage, Supplier<ClusterMembership> cluster, NodeAuth auth, PeerFiles files, Supplier<Recordings> site) {
        this.storage = storage;
        this.cluster = cluster;
        this.site = site;
        this.peers = new PeerCalls(auth);
        this.files = files;
    }

    /** The plan of {@code [from, to)} of {@code camera} from every node that recorded it (this node's alone outside a cluster). */
    public Mp4Exporter.Plan plan(Caller caller, String camera, long from, long to) throws IOException {
        ClusterMembership m = cluster.get();
        if (!PeerCalls.siteWide(m, caller)) {
            return storage.exporter().plan(camera, from, to);
        }
        List<ClusterMembership.Piece> pieces;
        try {
            pieces = m.pieces(camera, from, to);
        } catch (Exception e) {
            LOG.warn("the catalog of {} cannot be read ({}): exporting this node's footage only", camera, e.toString());
            return storage.exporter().plan(camera, from, to);
        }
        if (pieces.stream().allMatch(ClusterMembership.Piece::here)) {
            return storage.exporter().plan(camera, from, to);
        }
        sweep();
        List<Mp4Exporter.Part> parts = new ArrayList<>();
        for (ClusterMembership.Piece p : pieces) {
            Mp4Exporter.Part part = p.here() ? local(camera, p.from(), p.to()) : remote(caller, camera, p);
            if (part != null) {
                parts.add(part);
            }
        }
        if (parts.isEmpty()) {
            throw new io.nightjar.storage.NotFoundException("no footage of camera " + camera + " between " + iso(from) + " and " + iso(to)
                    + " on any node that answered");
        }
        return Mp4Exporter.plan(camera, from, to, parts, (a, b) -> gaps(caller, camera, a, b));
    }

    private Mp4Exporter.Part local(String camera, long from, long to) throws IOException {
        SampleTable t;
        try {
            t = storage.exporter().table(camera, from, to);
        } catch (io.nightjar.storage.NotFoundException none) {
            return null;
        }
        List<Path> paths = new ArrayList<>();
        for (SampleTable.SourceFile f : t.files()) {
            paths.add(storage.layout().resolve(f.path()));
        }
        return new Mp4Exporter.Part(t, paths, null);
    }

    /** Another node's stretch: its sample table, and the byte ranges it names copied here. */
    private Mp4Exporter.Part remote(Caller caller, String camera, ClusterMembership.Piece p) throws IOException {
        if (p.address() == null) {
            LOG.warn("node {} recorded {} from {} to {} but is not a live member: that stretch is left out of the export", p.node(), camera,
                    iso(p.from()), iso(p.to()));
            return null;
        }
        String key = p.node() + "/" + camera + "/" + p.from() + "/" + p.to();
        Staged kept = staged.get(key);
        if (kept != null && Files.isDirectory(kept.dir())) {
            return kept.part();
        }
        String path = "/api/v1/cameras/" + camera + "/export/samples?from=" + iso(p.from()) + "&to=" + iso(p.to());
        Optional<byte[]> body = peers.getNow(p.node(), p.address(), path, caller.principal(), "the samples of " + camera);
        if (body.isEmpty()) {
            return null;
        }
        SampleTable t = Json.MAPPER.readValue(body.get(), SampleTable.class);
        Path dir = files.newDirectory(p.node() + "-");
        List<Path> paths = new ArrayList<>();
        try {
            for (int f = 0; f < t.files().size(); f++) {
                long lo = Long.MAX_VALUE;
                long hi = 0;
                for (SampleTable.Run r : t.runs()) {
                    if (r.file() == f) {
                        lo = Math.min(lo, r.dataOffset());
                        hi = Math.max(hi, r.end());
                    }
                }
                Path copy = dir.resolve(f + ".part");
                if (hi > lo) {
                    files.fetch(caller, p.node(), p.address(), camera, t.files().get(f).link(), lo, hi, copy);
                } else {
                    Files.createFile(copy);
                }
                paths.add(copy);
            }
        } catch (IOException e) {
            PeerFiles.deleteTree(dir);
            LOG.warn("copying {}'s footage of {} failed ({}): that stretch is left out of the export", p.node(), camera, e.toString());
            return null;
        }
        Mp4Exporter.Part part = new Mp4Exporter.Part(t, paths, p.node());
        staged.put(key, new Staged(part, dir, System.currentTimeMillis()));
        return part;
    }

    private List<Span> gaps(Caller caller, String camera, long from, long to) {
        List<Span> out = new ArrayList<>();
        try {
            for (SpanView s : site.get().spans(caller, camera, from, to)) {
                if (!s.recorded()) {
                    out.add(new Span(Math.max(from, s.startMs() * 1000), Math.min(to, s.endMs() * 1000), false, s.reason()));
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("the spans of {} for the export's manifest: {}", camera, e.toString());
        }
        return out;
    }

    /** Deletes staged copies older than {@link #KEEP_MILLIS}. */
    private void sweep() {
        long old = System.currentTimeMillis() - KEEP_MILLIS;
        staged.entrySet().removeIf(e -> {
            if (e.getValue().made() < old) {
                PeerFiles.deleteTree(e.getValue().dir());
                return true;
            }
            return false;
        });
    }

    private static String iso(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000).toString();
    }
}
