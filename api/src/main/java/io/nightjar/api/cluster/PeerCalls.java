package io.nightjar.api.cluster;

import io.nightjar.api.auth.NodeAuth;
import io.nightjar.api.auth.Principal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GETs to other nodes of the site on a caller's behalf: signed with {@link NodeAuth} (so the node
 * asked serves them as that caller, with that caller's cameras), bounded by {@link #TIMEOUT}. A
 * node that does not answer, or answers other than 200, gives nothing, and the log says which and
 * why: the caller then gets this node's own answer, never an error caused by another node.
 */
final class PeerCalls {
    private static final Logger LOG = LoggerFactory.getLogger(PeerCalls.class);
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final NodeAuth auth;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    PeerCalls(NodeAuth auth) {
        this.auth = auth;
    }

    /**
     * The site's answer is due: this node is a member and the call is a user's (one from another
     * node gets this node's own answer, so calls never go round).
     */
    static boolean siteWide(ClusterMembership m, io.nightjar.api.service.Caller caller) {
        return m != null && caller != null && caller.principal() != null && !NodeAuth.fromNode(caller.principal());
    }

    /** The {@code Authorization} of a call to another node on {@code caller}'s behalf. */
    String sign(String method, String pathAndQuery, io.nightjar.api.auth.Principal caller) {
        return auth.sign(method, pathAndQuery, caller);
    }

    /**
     * {@code GET pathAndQuery} on the node at {@code address} as {@code caller}: the body of a 200,
     * else empty. {@code what} names the call in the log.
     */
    CompletableFuture<Optional<byte[]>> get(String node, String address, String pathAndQuery, Principal caller, String what) {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + address + pathAndQuery)).timeout(TIMEOUT)
                .header("Authorization", auth.sign("GET", pathAndQuery, caller)).build();
        return http.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray()).handle((r, e) -> {
            if (e != null || r.statusCode() != 200) {
                LOG.warn("node {} did not give {} ({}); answering without it", node, what, e != null ? e.toString() : "HTTP " + r.statusCode());
                return Optional.empty();
            }
            return Optional.of(r.body());
        });
    }

    /** Like {@link #get}, waiting for the answer. */
    Optional<byte[]> getNow(String node, String address, String pathAndQuery, Principal caller, String what) {
        return get(node, address, pathAndQuery, caller, what).join();
    }
}
