package io.nightjar.api.cluster;

import com.fasterxml.jackson.core.type.TypeReference;
import io.nightjar.api.config.PrivateFiles;
import io.nightjar.api.http.Json;
import io.nightjar.api.service.AuditEntry;
import io.nightjar.api.service.BookmarkView;
import io.nightjar.api.service.Caller;
import io.nightjar.api.service.Evidence;
import io.nightjar.api.service.HoldView;
import io.nightjar.api.service.NewBookmark;
import io.nightjar.api.service.NewHold;
import io.nightjar.api.service.ServiceException;
import io.nightjar.cluster.SharedDocument;
import io.nightjar.storage.retention.Hold;
import io.nightjar.storage.retention.HoldStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Evidence holds of the whole site: in a cluster a hold is the site's, kept in one sealed record
 * in ZooKeeper ({@code /shared/evidence}, changed by compare-and-set on any node), and every node
 * applies each version to its own index, so retention on every node that holds footage of the
 * range keeps it, a node that was down included (it applies the record when it returns). Site
 * hold ids are the record's; {@code <data>/.nightjar/site-holds.json} maps them to this node's
 * own. The first time a node joins a site its own holds are added to the site's. Until the node
 * has joined, and outside a cluster, holds are this node's own.
 *
 * <p>Bookmarks are the site's in the same record (no node's index holds them then).
 *
 * <p>The audit log is the site's too: each node keeps the entries of what was done through it (a
 * call one node makes to another on a user's behalf is audited there, as that user), so a query asks
 * every live node (as the caller) and merges their entries in time order.
 */
public final class SiteEvidence implements Evidence {
    private final Evidence local;
    private final HoldStore store;
    private final Path mapFile;
    private final java.util.function.Supplier<ClusterMembership> cluster;
    private final PeerCalls peers;
    private volatile SharedDocument site;
    private final AtomicReference<Record> current = new AtomicReference<>(new Record());
    private int applied = -1;

    /** The site's holds and bookmarks. */
    public static final class Record {
        public long nextId = 1;
        public List<SiteHold> holds = new ArrayList<>();
        public long nextBookmarkId = 1;
        public List<SiteBookmark> bookmarks = new ArrayList<>();
    }

    /** One hold of the site (times in UTC µs; {@code until} {@code Long.MAX_VALUE}: forever). */
    public record SiteHold(long id, String camera, long from, long to, long until, String reason, String createdBy) {
    }

    /** One bookmark of the site (times in UTC µs; {@code end} null for an instant). */
    public record SiteBookmark(long id, String camera, long time, Long end, String label, String createdBy, long created) {
    }

    /**
     * @param local   this node's evidence (its own holds, bookmarks, audit)
     * @param store   this node's holds, which its retention keeps
     * @param mapFile where the site hold → own hold ids are kept
     * @param cluster this node's membership, null until it has joined
     */
    public SiteEvidence(Evidence local, HoldStore store, Path mapFile, java.util.function.Supplier<ClusterMembership> cluster,
                        io.nightjar.api.auth.NodeAuth auth) {
        this.local = local;
        this.store = store;
        this.mapFile = mapFile;
        this.cluster = cluster;
        this.peers = new PeerCalls(auth);
    }

    /** From now on holds are the site's, kept in {@code record} (whose listener is {@link #applySite}). */
    public void useSite(SharedDocument record) {
        this.site = record;
    }

    /**
     * Brings this node's own holds (those not from the site) into the site's record, once, when
     * {@code firstJoin}; creates the record when there is none. Fails while ZooKeeper cannot be reached.
     * Holds the lock throughout, so that the watch cannot apply the new version before this node's
     * holds are mapped to it (it would add them twice).
     */
    public synchronized void mergeIntoSite(boolean firstJoin) throws Exception {
        Map<Long, Long> mine = loadMap();
        Set<Long> mapped = new HashSet<>(mine.values());
        List<Hold> own = firstJoin ? store.all().stream().filter(h -> !mapped.contains(h.id())).toList() : List.of();
        List<BookmarkView> ownMarks = firstJoin ? local.bookmarks(Caller.system(), null) : List.of();
        Map<Long, Long> adopted = new TreeMap<>();
        SharedDocument.Version v = site.update(bytes -> {
            Record r = bytes == null ? new Record() : decode(bytes);
            adopted.clear();
            for (Hold h : own) {
                long id = r.nextId++;
                r.holds.add(new SiteHold(id, h.camera(), h.fromMicros(), h.toMicros(), h.untilMicros(), h.reason(), h.createdBy()));
                adopted.put(id, h.id());
            }
            for (BookmarkView b : ownMarks) {
                r.bookmarks.add(new SiteBookmark(r.nextBookmarkId++, b.camera(), b.timeMs() * 1000, b.endMs() == null ? null : b.endMs() * 1000,
                        b.label(), b.createdBy(), Instant.parse(b.created()).toEpochMilli() * 1000));
            }
            return encode(r);
        });
        Map<Long, Long> map = loadMap();
        map.putAll(adopted); // this node's holds are these site holds already
        saveMap(map);
        applySite(v);
    }

    /** A version of the site's holds: this node's index is brought to hold exactly them (newer versions only). */
    public synchronized void applySite(SharedDocument.Version v) {
        if (v.version() <= applied) {
            return;
        }
        applied = v.version();
        Record r = decode(v.content());
        current.set(r);
        Map<Long, Long> map = loadMap();
        Set<Long> wanted = new HashSet<>();
        for (SiteHold h : r.holds) {
            wanted.add(h.id());
            if (!map.containsKey(h.id())) {
                map.put(h.id(), store.add(h.camera(), h.from(), h.to(), h.until(), h.reason(), h.createdBy()).id());
            }
        }
        for (Map.Entry<Long, Long> e : new ArrayList<>(map.entrySet())) {
            if (!wanted.contains(e.getKey())) {
                store.remove(e.getValue());
                map.remove(e.getKey());
            }
        }
        saveMap(map);
    }

    @Override
    public List<HoldView> holds(Caller caller) {
        if (site == null) {
            return local.holds(caller);
        }
        List<HoldView> out = new ArrayList<>();
        for (SiteHold h : current.get().holds) {
            if (caller.mayAccess(h.camera())) {
                out.add(view(h));
            }
        }
        return out;
    }

    @Override
    public HoldView hold(Caller caller, NewHold b) {
        SharedDocument s = site;
        if (s == null) {
            return local.hold(caller, b);
        }
        if (b.camera() == null || b.reason() == null || b.reason().isBlank()) {
            throw ServiceException.invalid("'camera', 'from', 'to' and 'reason' are required");
        }
        if (b.reason().length() > 500) {
            throw ServiceException.invalid("'reason' must be at most 500 characters");
        }
        caller.checkCamera(b.camera());
        if (b.to() <= b.from()) {
            throw ServiceException.invalid("'to' must be after 'from'");
        }
        AtomicReference<SiteHold> made = new AtomicReference<>();
        applySite(change(s, r -> {
            SiteHold h = new SiteHold(r.nextId++, b.camera(), b.from(), b.to(), b.until() == null ? Long.MAX_VALUE : b.until(), b.reason(),
                    caller.user());
            r.holds.add(h);
            made.set(h);
        }));
        local.audit(caller, "hold.create", b.camera(), b.from(), b.to(), b.reason() + " (site hold " + made.get().id() + ")");
        return view(made.get());
    }

    @Override
    public void releaseHold(Caller caller, long id) {
        SharedDocument s = site;
        if (s == null) {
            local.releaseHold(caller, id);
            return;
        }
        AtomicReference<SiteHold> gone = new AtomicReference<>();
        applySite(change(s, r -> {
            SiteHold h = r.holds.stream().filter(x -> x.id() == id).findFirst().orElseThrow(() -> ServiceException.notFound("no hold " + id));
            caller.checkCamera(h.camera());
            r.holds.remove(h);
            gone.set(h);
        }));
        SiteHold h = gone.get();
        local.audit(caller, "hold.delete", h.camera(), h.from(), h.to(), h.reason() + " (site hold " + id + ")");
    }

    private interface Change {
        void apply(Record r);
    }

    private static SharedDocument.Version change(SharedDocument s, Change c) {
        try {
            return s.update(bytes -> {
                Record r = bytes == null ? new Record() : decode(bytes);
                c.apply(r);
                return encode(r);
            });
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw ServiceException.unavailable("holds and bookmarks cannot be changed now: the cluster's ZooKeeper cannot be reached ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static HoldView view(SiteHold h) {
        return new HoldView(h.id(), h.camera(), iso(h.from()), iso(h.to()), h.until() == Long.MAX_VALUE ? null : iso(h.until()), h.reason(),
                h.createdBy());
    }

    private Map<Long, Long> loadMap() {
        try {
            return Files.exists(mapFile) ? Json.STORAGE.readValue(mapFile.toFile(), new TypeReference<TreeMap<Long, Long>>() { }) : new TreeMap<>();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + mapFile + ": " + e.getMessage(), e);
        }
    }

    private void saveMap(Map<Long, Long> map) {
        try {
            PrivateFiles.write(mapFile, Json.STORAGE_PRETTY.writeValueAsBytes(map));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save " + mapFile + ": " + e.getMessage(), e);
        }
    }

    private static byte[] encode(Record r) {
        try {
            return Json.STORAGE.writeValueAsBytes(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Record decode(byte[] b) {
        try {
            return Json.STORAGE.readValue(b, Record.class);
        } catch (IOException e) {
            throw new IllegalStateException("the site's hold record is not readable: " + e.getMessage(), e);
        }
    }

    private static String iso(long micros) {
        return Instant.ofEpochMilli(Math.floorDiv(micros, 1000)).toString();
    }

    @Override
    public List<BookmarkView> bookmarks(Caller caller, String camera) {
        if (site == null) {
            return local.bookmarks(caller, camera);
        }
        List<BookmarkView> out = new ArrayList<>();
        for (SiteBookmark b : current.get().bookmarks) {
            if (caller.mayAccess(b.camera()) && (camera == null || camera.equals(b.camera()))) {
                out.add(view(b));
            }
        }
        return out;
    }

    @Override
    public BookmarkView bookmark(Caller caller, NewBookmark b) {
        SharedDocument s = site;
        if (s == null) {
            return local.bookmark(caller, b);
        }
        if (b.camera() == null) {
            throw ServiceException.invalid("'camera' and 'time' are required");
        }
        if (b.label() != null && b.label().length() > 200) {
            throw ServiceException.invalid("'label' must be at most 200 characters");
        }
        caller.checkCamera(b.camera());
        AtomicReference<SiteBookmark> made = new AtomicReference<>();
        applySite(change(s, r -> {
            SiteBookmark m = new SiteBookmark(r.nextBookmarkId++, b.camera(), b.time(), b.end(), b.label() == null ? "" : b.label(),
                    caller.user() == null ? "" : caller.user(), System.currentTimeMillis() * 1000);
            r.bookmarks.add(m);
            made.set(m);
        }));
        local.audit(caller, "bookmark.create", b.camera(), b.time(), b.end(), b.label());
        return view(made.get());
    }

    @Override
    public void deleteBookmark(Caller caller, long id) {
        SharedDocument s = site;
        if (s == null) {
            local.deleteBookmark(caller, id);
            return;
        }
        AtomicReference<SiteBookmark> gone = new AtomicReference<>();
        applySite(change(s, r -> {
            SiteBookmark m = r.bookmarks.stream().filter(x -> x.id() == id).findFirst()
                    .orElseThrow(() -> ServiceException.notFound("no bookmark " + id));
            caller.checkCamera(m.camera());
            r.bookmarks.remove(m);
            gone.set(m);
        }));
        local.audit(caller, "bookmark.delete", gone.get().camera(), null, null, gone.get().label());
    }

    private static BookmarkView view(SiteBookmark b) {
        return new BookmarkView(b.id(), b.camera(), iso(b.time()), b.time() / 1000, b.end() == null ? null : iso(b.end()),
                b.end() == null ? null : b.end() / 1000, b.label(), b.createdBy(), Instant.ofEpochMilli(b.created() / 1000).toString());
    }

    @Override
    public void audit(Caller caller, String action, String camera, Long fromMicros, Long toMicros, String detail) {
        local.audit(caller, action, camera, fromMicros, toMicros, detail);
    }

    @Override
    public List<AuditEntry> auditLog(Caller caller, long fromMicros, long toMicros, int limit) {
        List<AuditEntry> own = local.auditLog(caller, fromMicros, toMicros, limit);
        ClusterMembership m = cluster.get();
        if (!PeerCalls.siteWide(m, caller)) {
            return own;
        }
        String path = "/api/v1/audit?limit=" + limit + (fromMicros > 0 ? "&from=" + isoMicros(fromMicros) : "")
                + (toMicros != Long.MAX_VALUE ? "&to=" + isoMicros(toMicros) : "");
        Map<String, java.util.concurrent.CompletableFuture<java.util.Optional<byte[]>>> asked = new TreeMap<>();
        for (io.nightjar.cluster.Member mem : m.members()) {
            if (!mem.node().equals(m.nodeId())) {
                asked.put(mem.node(), peers.get(mem.node(), mem.httpAddress(), path, caller.principal(), "its audit log"));
            }
        }
        List<AuditEntry> all = new ArrayList<>();
        own.forEach(e -> all.add(e.onNode(m.nodeId())));
        asked.forEach((node, f) -> f.join().ifPresent(body -> {
            try {
                for (AuditEntry e : Json.MAPPER.readValue(body, new TypeReference<List<AuditEntry>>() { })) {
                    all.add(e.onNode(node));
                }
            } catch (IOException bad) {
                org.slf4j.LoggerFactory.getLogger(SiteEvidence.class).warn("node {} answered its audit log with what is not one: {}", node,
                        bad.toString());
            }
        }));
        all.sort(java.util.Comparator.comparing((AuditEntry e) -> Instant.parse(e.time())).thenComparing(e -> e.node() == null ? "" : e.node()));
        return all.subList(0, Math.min(limit, all.size()));
    }

    private static String isoMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000).toString();
    }
}
