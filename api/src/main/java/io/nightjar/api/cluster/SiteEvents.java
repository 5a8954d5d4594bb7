package io.nightjar.api.cluster;

import com.fasterxml.jackson.core.type.TypeReference;
import io.nightjar.api.auth.NodeAuth;
import io.nightjar.api.events.EventRecord;
import io.nightjar.api.http.Json;
import io.nightjar.api.service.Caller;
import io.nightjar.api.service.EventFilter;
import io.nightjar.api.service.EventPage;
import io.nightjar.api.service.Events;
import io.nightjar.api.service.ServiceException;
import io.nightjar.api.service.Subscription;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events of the whole site: each node stores the events its analytics raised (for the cameras it
 * recorded then), so a query asks every live node (as the caller) and merges their pages in start
 * order; another node's event is named {@code <node>~<id>}, and reading it or its snapshot asks
 * that node. Paging stays exact with opaque per-node cursors: the site's cursor keeps, for each
 * node, its cursor before the page and how many of that page's events were taken
 * ({@code site.<base64 JSON>}); a node is asked for that many more, and they are skipped. A node
 * that does not answer is left out of the page (logged). The live stream ({@link #subscribe}) is
 * this node's own events.
 */
public final class SiteEvents implements Events {
    private static final Logger LOG = LoggerFactory.getLogger(SiteEvents.class);
    private static final String SITE = "site.";
    private static final Pattern REMOTE = Pattern.compile("([A-Za-z0-9._-]{1,64})~(\\d{1,19})");

    private final Events local;
    private final Supplier<ClusterMembership> cluster;
    private final PeerCalls peers;

    public SiteEvents(Events local, Supplier<ClusterMembership> cluster, NodeAuth auth) {
        this.local = local;
        this.cluster = cluster;
        this.peers = new PeerCalls(auth);
    }

    /** Where paging stands for one node: its cursor before the page (null: from the start), events of that page taken, exhausted. */
    record Position(String cursor, int taken, boolean done) {
    }

    @Override
    public EventPage query(Caller caller, EventFilter filter, long from, long to, String cursor, int limit) {
        ClusterMembership m = cluster.get();
        if (!PeerCalls.siteWide(m, caller)
                || (cursor != null && !cursor.startsWith(SITE))) {
            return local.query(caller, filter, from, to, cursor, limit);
        }
        Map<String, String> nodes = new TreeMap<>();
        nodes.put(m.nodeId(), null);
        for (io.nightjar.cluster.Member mem : m.members()) {
            if (!mem.node().equals(m.nodeId())) {
                nodes.put(mem.node(), mem.httpAddress());
            }
        }
        Map<String, Position> at = decode(cursor);
        Map<String, CompletableFuture<Optional<EventPage>>> asked = new LinkedHashMap<>();
        for (Map.Entry<String, String> n : nodes.entrySet()) {
            Position p = at.getOrDefault(n.getKey(), new Position(null, 0, false));
            if (p.done()) {
                continue;
            }
            int want = Math.min(1000, p.taken() + limit);
            if (n.getValue() == null) {
                asked.put(n.getKey(), CompletableFuture.completedFuture(Optional.of(local.query(caller, filter, from, to, p.cursor(), want))));
            } else {
                asked.put(n.getKey(), remotePage(caller, n.getKey(), n.getValue(), filter, from, to, p.cursor(), want));
            }
        }
        record Candidate(String node, EventRecord event) {
        }
        List<Candidate> candidates = new ArrayList<>();
        Map<String, EventPage> pages = new LinkedHashMap<>();
        for (Map.Entry<String, CompletableFuture<Optional<EventPage>>> e : asked.entrySet()) {
            Optional<EventPage> page = e.getValue().join();
            if (page.isEmpty()) {
                continue;
            }
            pages.put(e.getKey(), page.get());
            Position p = at.getOrDefault(e.getKey(), new Position(null, 0, false));
            List<EventRecord> events = page.get().events();
            for (int i = p.taken(); i < events.size(); i++) {
                candidates.add(new Candidate(e.getKey(), events.get(i)));
            }
        }
        candidates.sort(Comparator.comparing((Candidate c) -> c.event().startMs() == null ? 0L : c.event().startMs())
                .thenComparing(Candidate::node).thenComparing(c -> c.event().id()));
        List<EventRecord> out = new ArrayList<>();
        Map<String, Integer> takenNow = new TreeMap<>();
        for (Candidate c : candidates.subList(0, Math.min(limit, candidates.size()))) {
            out.add(c.node().equals(m.nodeId()) ? c.event() : qualified(c.node(), c.event()));
            takenNow.merge(c.node(), 1, Integer::sum);
        }
        Map<String, Position> next = new TreeMap<>(at);
        boolean more = false;
        for (Map.Entry<String, EventPage> e : pages.entrySet()) {
            Position p = at.getOrDefault(e.getKey(), new Position(null, 0, false));
            int taken = p.taken() + takenNow.getOrDefault(e.getKey(), 0);
            EventPage page = e.getValue();
            Position q;
            if (taken >= page.events().size()) {
                q = page.next() == null ? new Position(null, 0, true) : new Position(page.next(), 0, false);
            } else if (taken >= limit) {
                // keep what a node is asked for bounded: move its cursor past the events taken (one more call)
                String address = nodes.get(e.getKey());
                Optional<EventPage> past = address == null ? Optional.of(local.query(caller, filter, from, to, p.cursor(), taken))
                        : remotePage(caller, e.getKey(), address, filter, from, to, p.cursor(), taken).join();
                q = past.map(pp -> pp.next() == null ? new Position(null, 0, true) : new Position(pp.next(), 0, false))
                        .orElse(new Position(p.cursor(), taken, false));
            } else {
                q = new Position(p.cursor(), taken, false);
            }
            next.put(e.getKey(), q);
            more |= !q.done();
        }
        for (String node : asked.keySet()) {
            more |= !pages.containsKey(node); // did not answer: asked again on the next page
        }
        return new EventPage(out, more ? encode(next) : null);
    }

    private CompletableFuture<Optional<EventPage>> remotePage(Caller caller, String node, String address, EventFilter filter, long from,
                                                              long to, String cursor, int limit) {
        StringBuilder path = new StringBuilder("/api/v1/events?limit=").append(limit);
        if (from > 0) {
            path.append("&from=").append(iso(from));
        }
        if (to != Long.MAX_VALUE) {
            path.append("&to=").append(iso(to));
        }
        if (filter.cameras() != null) {
            path.append("&camera=").append(URLEncoder.encode(String.join(",", filter.cameras()), StandardCharsets.UTF_8));
        }
        if (filter.type() != null) {
            path.append("&type=").append(URLEncoder.encode(filter.type(), StandardCharsets.UTF_8));
        }
        if (cursor != null) {
            path.append("&cursor=").append(URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        }
        return peers.get(node, address, path.toString(), caller.principal(), "its events").thenApply(body -> body.flatMap(b -> {
            try {
                return Optional.of(Json.MAPPER.readValue(b, EventPage.class));
            } catch (IOException bad) {
                LOG.warn("node {} answered its events with what is not a page of events: {}", node, bad.toString());
                return Optional.empty();
            }
        }));
    }

    private static EventRecord qualified(String node, EventRecord e) {
        String id = node + "~" + e.id();
        return new EventRecord(id, e.camera(), e.type(), e.start(), e.startMs(), e.end(), e.endMs(), e.score(), e.zone(), e.box(), e.detail(),
                e.snapshotUrl() == null ? null : "/api/v1/events/" + id + "/snapshot.jpg", e.open());
    }

    @Override
    public EventRecord get(Caller caller, String id) {
        Matcher r = REMOTE.matcher(id);
        if (!r.matches()) {
            return local.get(caller, id);
        }
        byte[] body = remote(caller, r, "/api/v1/events/" + r.group(2), "event " + r.group(2));
        try {
            return qualified(r.group(1), Json.MAPPER.readValue(body, EventRecord.class));
        } catch (IOException bad) {
            throw ServiceException.notFound("no event '" + id + "': node " + r.group(1) + " answered with what is not an event");
        }
    }

    @Override
    public byte[] snapshot(Caller caller, String id) {
        Matcher r = REMOTE.matcher(id);
        if (!r.matches()) {
            return local.snapshot(caller, id);
        }
        return remote(caller, r, "/api/v1/events/" + r.group(2) + "/snapshot.jpg", "the snapshot of event " + r.group(2));
    }

    private byte[] remote(Caller caller, Matcher r, String path, String what) {
        ClusterMembership m = cluster.get();
        String address = m == null ? null : m.liveAddress(r.group(1));
        if (address == null) {
            throw ServiceException.notFound("no event '" + r.group() + "': node " + r.group(1) + " is not a live member");
        }
        return peers.getNow(r.group(1), address, path, caller.principal(), what)
                .orElseThrow(() -> ServiceException.notFound("no event '" + r.group() + "' on node " + r.group(1)));
    }

    /**
     * The live events of the whole site: this node's, and every other live node's through its own
     * stream (opened as the caller, resumed after its last event when it ends: reconnected every
     * {@link #RECONNECT_SECONDS} s while this subscription lasts). The stream id is the site's
     * ({@code site.<base64 JSON>}: each node's last event id), so a client that reconnects with it
     * resumes every node's stream where it was; another node's event is {@code <node>~<id>}. The
     * nodes are those live when the subscription starts.
     */
    @Override
    public Subscription subscribe(Caller caller, EventFilter filter, String afterId, Listener listener) {
        ClusterMembership m = cluster.get();
        if (!PeerCalls.siteWide(m, caller)) {
            return local.subscribe(caller, filter, afterId, listener);
        }
        String self = m.nodeId();
        Map<String, String> last = new TreeMap<>();
        if (afterId != null && afterId.startsWith(SITE)) {
            last.putAll(decodeIds(afterId));
        } else if (afterId != null) {
            last.put(self, afterId); // an id of this node's own stream
        }
        SiteStream stream = new SiteStream(listener, last);
        Subscription own = local.subscribe(caller, filter, last.get(self), new Listener() {
            @Override
            public void open() {
                stream.open();
            }

            @Override
            public void event(String id, EventRecord event) {
                stream.event(self, id, event);
            }

            @Override
            public void overflow() {
                stream.overflow();
            }
        });
        for (io.nightjar.cluster.Member mem : m.members()) {
            if (!mem.node().equals(self)) {
                stream.follow(new RemoteStream(stream, caller, filter, mem.node(), mem.httpAddress()));
            }
        }
        return () -> {
            own.close();
            stream.close();
        };
    }

    static final int RECONNECT_SECONDS = 2;
    private static final java.util.concurrent.ScheduledExecutorService RECONNECTS = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "site-events-reconnect");
        t.setDaemon(true);
        return t;
    });
    private final java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().connectTimeout(PeerCalls.TIMEOUT).build();

    /** One subscriber's site stream: events of every node to one listener, in each node's order, with the site's stream id. */
    private static final class SiteStream {
        private final Listener listener;
        private final Map<String, String> last;
        private final List<RemoteStream> remotes = new java.util.concurrent.CopyOnWriteArrayList<>();
        private boolean opened;
        private volatile boolean closed;

        SiteStream(Listener listener, Map<String, String> last) {
            this.listener = listener;
            this.last = last;
        }

        synchronized void open() {
            if (!opened) {
                opened = true;
                listener.open();
            }
        }

        synchronized void event(String node, String id, EventRecord e) {
            if (closed) {
                return;
            }
            last.put(node, id);
            listener.event(encodeIds(last), e);
        }

        synchronized String lastOf(String node) {
            return last.get(node);
        }

        synchronized void overflow() {
            if (!closed) {
                listener.overflow();
            }
        }

        void follow(RemoteStream r) {
            remotes.add(r);
            r.connect();
        }

        void close() {
            closed = true;
            remotes.forEach(RemoteStream::close);
        }

        boolean closed() {
            return closed;
        }
    }

    /** Another node's event stream for one site stream: its events qualified, resumed after its last one when it ends. */
    private final class RemoteStream implements java.util.concurrent.Flow.Subscriber<String> {
        private final SiteStream site;
        private final Caller caller;
        private final EventFilter filter;
        private final String node;
        private final String address;
        private volatile java.util.concurrent.Flow.Subscription upstream;
        private String id;
        private final StringBuilder data = new StringBuilder();

        RemoteStream(SiteStream site, Caller caller, EventFilter filter, String node, String address) {
            this.site = site;
            this.caller = caller;
            this.filter = filter;
            this.node = node;
            this.address = address;
        }

        void connect() {
            if (site.closed()) {
                return;
            }
            StringBuilder path = new StringBuilder("/api/v1/events/stream?");
            if (filter.cameras() != null) {
                path.append("camera=").append(URLEncoder.encode(String.join(",", filter.cameras()), StandardCharsets.UTF_8)).append('&');
            }
            if (filter.type() != null) {
                path.append("type=").append(URLEncoder.encode(filter.type(), StandardCharsets.UTF_8)).append('&');
            }
            String after = site.lastOf(node);
            if (after != null) {
                path.append("lastEventId=").append(URLEncoder.encode(after, StandardCharsets.UTF_8));
            }
            String p = path.toString();
            java.net.http.HttpRequest req = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + address + p))
                    .header("Authorization", peers.sign("GET", p, caller.principal())).header("Accept", "text/event-stream").build();
            http.sendAsync(req, java.net.http.HttpResponse.BodyHandlers.fromLineSubscriber(this)).whenComplete((r, e) -> {
                if (e != null || r.statusCode() != 200) {
                    LOG.debug("the event stream of node {} ended ({}); resuming in {} s", node, e != null ? e.toString() : "HTTP " + r.statusCode(),
                            RECONNECT_SECONDS);
                }
                again();
            });
        }

        private void again() {
            if (!site.closed()) {
                try {
                    RECONNECTS.schedule(this::connect, RECONNECT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
                } catch (java.util.concurrent.RejectedExecutionException stopping) {
                    // the JVM is stopping
                }
            }
        }

        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
            upstream = s;
            if (site.closed()) {
                s.cancel();
                return;
            }
            s.request(Long.MAX_VALUE); // lines of small events; the viewer's side closes a slow stream
        }

        @Override
        public void onNext(String line) {
            if (line.isEmpty()) {
                if (id != null && data.length() > 0) {
                    try {
                        site.event(node, id, qualified(node, Json.MAPPER.readValue(data.toString(), EventRecord.class)));
                    } catch (IOException bad) {
                        LOG.warn("node {} streamed what is not an event: {}", node, bad.toString());
                    }
                }
                id = null;
                data.setLength(0);
            } else if (line.startsWith("id:")) {
                id = line.substring(3).trim();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5).trim());
            }
        }

        @Override
        public void onError(Throwable t) {
            // the request's future completes exceptionally too: it resumes from there
        }

        @Override
        public void onComplete() {
            // likewise
        }

        void close() {
            java.util.concurrent.Flow.Subscription s = upstream;
            if (s != null) {
                s.cancel();
            }
        }
    }

    static String encodeIds(Map<String, String> last) {
        try {
            return SITE + Base64.getUrlEncoder().withoutPadding().encodeToString(Json.MAPPER.writeValueAsBytes(last));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> decodeIds(String id) {
        try {
            return Json.MAPPER.readValue(Base64.getUrlDecoder().decode(id.substring(SITE.length())), new TypeReference<TreeMap<String, String>>() { });
        } catch (IOException | IllegalArgumentException e) {
            throw ServiceException.invalid("Last-Event-ID '" + id + "' is not an id this server gave out");
        }
    }

    static String encode(Map<String, Position> at) {
        try {
            return SITE + Base64.getUrlEncoder().withoutPadding().encodeToString(Json.MAPPER.writeValueAsBytes(at));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Position> decode(String cursor) {
        if (cursor == null) {
            return Map.of();
        }
        try {
            return Json.MAPPER.readValue(Base64.getUrlDecoder().decode(cursor.substring(SITE.length())),
                    new TypeReference<TreeMap<String, Position>>() { });
        } catch (IOException | IllegalArgumentException e) {
            throw ServiceException.invalid("'cursor' is not one this server gave out");
        }
    }

    private static String iso(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000).toString();
    }
}
