package io.nightjar.api.cluster;

import io.netty.buffer.ByteBufAllocator;
import io.nightjar.api.auth.NodeAuth;
import io.nightjar.api.live.RelayedFeed;
import io.nightjar.api.service.Caller;
import io.nightjar.api.service.Live;
import io.nightjar.api.service.LiveFeed;
import io.nightjar.cluster.Member;
import io.nightjar.recorder.media.CodecConfig;
import io.nightjar.recorder.memory.MemoryBudget;
import io.nightjar.recorder.ring.StreamRef;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Live view in a cluster. A camera recorded by another live node is watched through that node's
 * live WebSocket, opened with a call signed as the viewer (so that node checks the viewer's cameras
 * and audits the viewing): a browser's WebSocket is relayed as it is ({@code live.LiveRelay}); an
 * RTSP reader gets a feed of this node ({@link RelayedFeed}) that turns the other node's fragments
 * back into access units and packetizes them here. This node's own cameras as before.
 *
 * <p>An RTSP DESCRIBE needs the codec configuration before any PLAY: the last one any relayed feed
 * of that stream heard is kept, and asked again (a short-lived feed that ends at the other node's
 * init segment, at most one per stream at a time, given up after {@link #PROBE_SECONDS}) when none
 * is known or it is older than {@link #CONFIG_FRESH_NANOS}.
 */
public final class SiteLive implements Live {
    /** How long a remote stream's codec configuration is answered without asking the recording node again. */
    static final long CONFIG_FRESH_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** How long a configuration probe waits for the other node's init segment (its next keyframe). */
    static final int PROBE_SECONDS = 6;

    private final Live local;
    private final Supplier<ClusterMembership> cluster;
    private final NodeAuth auth;
    private final ByteBufAllocator allocator;
    private final MemoryBudget budget;
    private final Map<Key, Known> configs = new ConcurrentHashMap<>();
    private final Map<Key, RelayedFeed> probes = new ConcurrentHashMap<>();

    private record Key(String camera, Stream stream) {
    }

    private record Known(CodecConfig config, long atNanos) {
    }

    /** @param budget relayed feeds' packets and fragments are charged to it, as the local fan-out's are */
    public SiteLive(Live local, Supplier<ClusterMembership> cluster, NodeAuth auth, ByteBufAllocator allocator, MemoryBudget budget) {
        this.local = local;
        this.cluster = cluster;
        this.auth = auth;
        this.allocator = allocator;
        this.budget = budget;
    }

    @Override
    public LiveFeed open(Caller caller, String camera, Stream stream, String via) {
        Relay relay = relay(caller, camera, stream);
        if (relay == null) {
            return local.open(caller, camera, stream, via);
        }
        Key key = new Key(camera, stream);
        RelayedFeed feed = RelayedFeed.open(ref(camera, stream), relay, allocator, budget, c -> remember(key, c));
        return new LiveFeed(ref(camera, stream), feed, feed::close);
    }

    @Override
    public CodecConfig config(Caller caller, String camera, Stream stream) {
        Relay relay = relay(caller, camera, stream);
        if (relay == null) {
            return local.config(caller, camera, stream);
        }
        Key key = new Key(camera, stream);
        Known known = configs.get(key);
        if (known == null || System.nanoTime() - known.atNanos() > CONFIG_FRESH_NANOS) {
            probe(key, relay);
        }
        return known == null ? null : known.config();
    }

    private void probe(Key key, Relay relay) {
        probes.computeIfAbsent(key, k -> {
            RelayedFeed[] self = new RelayedFeed[1];
            RelayedFeed feed = RelayedFeed.open(ref(k.camera(), k.stream()), relay, allocator, budget, c -> {
                remember(k, c);
                endProbe(k, self[0]);
            });
            self[0] = feed;
            CompletableFuture.delayedExecutor(PROBE_SECONDS, TimeUnit.SECONDS).execute(() -> endProbe(k, feed));
            return feed;
        });
    }

    private void endProbe(Key key, RelayedFeed feed) {
        if (feed != null) {
            probes.remove(key, feed);
            feed.close();
        }
    }

    private void remember(Key key, CodecConfig c) {
        configs.put(key, new Known(c, System.nanoTime()));
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

    private static StreamRef ref(String camera, Stream stream) {
        return StreamRef.of(camera, stream == Stream.sub ? StreamRef.Kind.SUB : StreamRef.Kind.MAIN);
    }
}
