package io.nightjar.cluster;

import java.io.Closeable;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One small record the whole site shares and any node may change (the users and tokens; the
 * cameras added through the API), kept in ZooKeeper under {@code /shared/<name>}, sealed with the
 * {@link SiteSeal}. A change is a function of the current content, written with a versioned
 * compare-and-set and applied again to the newer content when another node won the race, so two
 * nodes changing it at once lose neither change. Every node hears of every version through a
 * watch, in order; a listener that is also the writer sees its own version come back, and
 * ignores what it has already applied (versions only grow).
 */
public final class SharedDocument implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(SharedDocument.class);
    /** Largest sealed record written: ZooKeeper refuses more than about 1 MiB per node. */
    public static final int MAX_BYTES = 900 * 1024;
    private static final int ATTEMPTS = 64;

    /** One version of the content (plain), as ZooKeeper numbers them. */
    public record Version(byte[] content, int version) {
    }

    /** Hears every version of the record, on the cache's thread, oldest first. */
    public interface Listener {
        void changed(Version v);
    }

    private final CuratorFramework client;
    private final String path;
    private final SiteSeal seal;
    private final CuratorCache cache;

    SharedDocument(CuratorFramework client, String name, SiteSeal seal, Listener listener) {
        this.client = client;
        this.path = ClusterPaths.shared(name);
        this.seal = seal;
        this.cache = CuratorCache.build(client, path, CuratorCache.Options.SINGLE_NODE_CACHE);
        cache.listenable().addListener(CuratorCacheListener.builder()
                .forCreatesAndChanges((before, after) -> deliver(after, listener))
                .build());
    }

    private void deliver(ChildData d, Listener listener) {
        if (d == null || !path.equals(d.getPath()) || d.getData() == null) {
            return;
        }
        Version v;
        try {
            v = new Version(seal.open(path, d.getData()), d.getStat().getVersion());
        } catch (IllegalStateException e) {
            LOG.error("{}: ignoring version {} of the site's record", e.getMessage(), d.getStat().getVersion());
            return;
        }
        try {
            listener.changed(v);
        } catch (RuntimeException e) {
            LOG.error("applying version {} of {} failed", v.version(), path, e);
        }
    }

    void start() {
        cache.start();
    }

    /** The path of the record in ZooKeeper (under the site's namespace). */
    public String path() {
        return path;
    }

    /** The record as ZooKeeper has it now, or null when no node wrote it yet. Fails at once while ZooKeeper cannot be reached. */
    public Version read() throws Exception {
        if (!client.getZookeeperClient().isConnected()) {
            // at once, not after the client's retries: a user's change should fail now, not in half a minute
            throw new KeeperException.ConnectionLossException();
        }
        Stat stat = new Stat();
        try {
            byte[] sealed = client.getData().storingStatIn(stat).forPath(path);
            return new Version(seal.open(path, sealed), stat.getVersion());
        } catch (KeeperException.NoNodeException absent) {
            return null;
        }
    }

    /**
     * Changes the record: {@code change} gets the current content (null when there is none yet) and
     * returns the new one; it may run more than once (when another node changes the record in
     * between) and may throw to refuse the change, which is then not written. Content equal to the
     * current is not written. Returns the version that holds the change. Fails at once while
     * ZooKeeper cannot be reached, and with an {@link IllegalStateException}
     * when the record would exceed {@link #MAX_BYTES}.
     */
    public Version update(UnaryOperator<byte[]> change) throws Exception {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Version current = read();
            byte[] next = change.apply(current == null ? null : current.content());
            if (current != null && Arrays.equals(next, current.content())) {
                return current;
            }
            byte[] sealed = seal.seal(path, next);
            if (sealed.length > MAX_BYTES) {
                throw new IllegalStateException("the site's record " + path + " would be " + sealed.length / 1024
                        + " KiB, over the " + MAX_BYTES / 1024 + " KiB ZooKeeper holds in one record");
            }
            try {
                if (current == null) {
                    client.create().creatingParentsIfNeeded().forPath(path, sealed);
                    return new Version(next, 0);
                }
                Stat written = client.setData().withVersion(current.version()).forPath(path, sealed);
                return new Version(next, written.getVersion());
            } catch (KeeperException.NodeExistsException | KeeperException.BadVersionException raced) {
                LOG.debug("{} changed by another node meanwhile; applying the change again", path);
            }
        }
        throw new IllegalStateException(path + " kept changing under " + ATTEMPTS + " attempts to change it");
    }

    @Override
    public void close() {
        cache.close();
    }
}
