package io.nightjar.api.cluster;

import io.nightjar.api.auth.NodeAuth;
import io.nightjar.api.service.Caller;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies of other nodes' segment files, or of byte ranges of them, on this node's disk (never
 * whole in memory): fetched with a GET of the file as the caller (signed; the other node audits
 * it as a download), written at their own offsets (a range into a sparse file). Whole copies are
 * kept for {@link #KEEP_MILLIS} so that the byte ranges of one download read one copy; the staging
 * directory is emptied at start.
 */
public final class PeerFiles {
    private static final Logger LOG = LoggerFactory.getLogger(PeerFiles.class);
    static final long KEEP_MILLIS = 15 * 60_000L;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final NodeAuth auth;
    private final Path staging;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(PeerCalls.TIMEOUT).build();
    private final Map<String, Kept> whole = new ConcurrentHashMap<>();

    private record Kept(Path file, long made) {
    }

    /** @param staging where the copies go (emptied now) */
    public PeerFiles(NodeAuth auth, Path staging) throws IOException {
        this.auth = auth;
        this.staging = staging;
        deleteTree(staging);
        Files.createDirectories(staging);
    }

    /** A new directory for one use's copies (deleted by the caller, or by {@link #sweep}'s owner). */
    Path newDirectory(String prefix) throws IOException {
        return Files.createTempDirectory(staging, prefix);
    }

    /**
     * A whole copy of another node's file {@code name} of {@code camera}, fetched once per caller per
     * {@link #KEEP_MILLIS} (per caller: each user's download is audited by the node that holds the file).
     */
    Path whole(Caller caller, String node, String address, String camera, String name) throws IOException {
        sweep();
        String key = node + "/" + camera + "/" + name + "/" + caller.user();
        Kept k = whole.get(key);
        if (k != null && Files.exists(k.file())) {
            return k.file();
        }
        Path copy = newDirectory(node + "-").resolve("file.mp4");
        try {
            fetch(caller, node, address, camera, name, 0, -1, copy);
        } catch (IOException e) {
            deleteTree(copy.getParent());
            throw e;
        }
        whole.put(key, new Kept(copy, System.currentTimeMillis()));
        return copy;
    }

    /**
     * Bytes {@code [lo, hi)} of another node's file into {@code copy}, at the same offsets (a sparse
     * file); {@code hi < 0}: the whole file.
     */
    void fetch(Caller caller, String node, String address, String camera, String name, long lo, long hi, Path copy) throws IOException {
        String path = "/api/v1/cameras/" + camera + "/files/" + name;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + address + path)).timeout(TIMEOUT)
                .header("Authorization", auth.sign("GET", path, caller.principal()));
        if (hi >= 0) {
            b.header("Range", "bytes=" + lo + "-" + (hi - 1));
        }
        HttpResponse<InputStream> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        long position;
        if (r.statusCode() == 206 && hi >= 0) {
            position = lo;
        } else if (r.statusCode() == 200) {
            position = 0; // the whole file
        } else {
            r.body().close();
            throw new IOException("node " + node + " answered " + r.statusCode() + " for " + name);
        }
        try (InputStream in = r.body();
             FileChannel out = FileChannel.open(copy, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SPARSE)) {
            byte[] buf = new byte[256 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                while (bb.hasRemaining()) {
                    position += out.write(bb, position);
                }
            }
            if (hi >= 0 && position < hi) {
                throw new IOException("node " + node + " sent " + name + " only up to byte " + position + " of " + hi);
            }
        }
    }

    /** Deletes whole copies older than {@link #KEEP_MILLIS}. */
    void sweep() {
        long old = System.currentTimeMillis() - KEEP_MILLIS;
        whole.entrySet().removeIf(e -> {
            if (e.getValue().made() < old) {
                deleteTree(e.getValue().file().getParent());
                return true;
            }
            return false;
        });
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    LOG.debug("cannot delete {}: {}", f, e.toString());
                }
            });
        } catch (IOException e) {
            LOG.debug("cannot walk {}: {}", dir, e.toString());
        }
    }
}
