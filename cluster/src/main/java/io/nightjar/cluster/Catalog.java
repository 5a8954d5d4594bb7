package io.nightjar.cluster;

import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;

/**
 * Which node recorded which camera when, in ZooKeeper: {@code /catalog/<camera>/<epoch, 19 digits>}
 * holds {@code {node, sinceMicros}}, written by the node when it starts recording the camera under
 * that epoch (so it records what happened, not only what was planned). Small: an entry per move.
 * The oldest entries beyond {@link #KEPT} per camera are removed as new ones are written.
 */
final class Catalog {
    static final String ROOT = "/catalog";
    /** Entries kept per camera (a camera that moved more often than this keeps its latest moves). */
    static final int KEPT = 200;

    /** The value of an entry. */
    record Entry(String node, long sinceMicros) {
    }

    private final CuratorFramework client;

    Catalog(CuratorFramework client) {
        this.client = client;
    }

    static String path(String camera, long epoch) {
        return ROOT + "/" + ClusterPaths.checkName("camera id", camera) + "/" + String.format("%019d", epoch);
    }

    /** Notes that {@code node} records {@code camera} under {@code epoch} since {@code sinceMicros}; an entry already there is kept. */
    void note(String camera, long epoch, String node, long sinceMicros) throws Exception {
        try {
            client.create().creatingParentsIfNeeded().forPath(path(camera, epoch), ClusterJson.write(new Entry(node, sinceMicros)));
        } catch (KeeperException.NodeExistsException already) {
            return; // this node noted it before (a restart), or came back to it under the same epoch
        }
        List<String> epochs = client.getChildren().forPath(ROOT + "/" + camera);
        if (epochs.size() > KEPT) {
            epochs.sort(null);
            for (String old : epochs.subList(0, epochs.size() - KEPT)) {
                try {
                    client.delete().forPath(ROOT + "/" + camera + "/" + old);
                } catch (KeeperException.NoNodeException gone) {
                    // pruned by another node
                }
            }
        }
    }

    /** The camera's stretches in epoch order; empty when none was noted. */
    List<CatalogSpan> of(String camera) throws Exception {
        List<String> epochs;
        try {
            epochs = client.getChildren().forPath(ROOT + "/" + ClusterPaths.checkName("camera id", camera));
        } catch (KeeperException.NoNodeException none) {
            return List.of();
        }
        epochs.sort(null);
        List<Entry> entries = new ArrayList<>();
        List<Long> numbers = new ArrayList<>();
        for (String e : epochs) {
            try {
                Entry entry = ClusterJson.read(client.getData().forPath(ROOT + "/" + camera + "/" + e), Entry.class);
                if (entry != null) {
                    entries.add(entry);
                    numbers.add(Long.parseLong(e));
                }
            } catch (KeeperException.NoNodeException | NumberFormatException gone) {
                // pruned meanwhile, or not an entry
            }
        }
        List<CatalogSpan> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            long to = i + 1 < entries.size() ? entries.get(i + 1).sinceMicros() : Long.MAX_VALUE;
            out.add(new CatalogSpan(camera, entries.get(i).node(), numbers.get(i), entries.get(i).sinceMicros(), to));
        }
        return out;
    }
}
