package io.nightjar.cluster;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's local copy of the site's records (members, cameras, assignments), kept current by
 * ZooKeeper watches (Curator's {@code CuratorCache}). Reads are from memory; {@code onChange} runs
 * on the cache's thread after every change. A record that cannot be read is skipped and logged
 * once per change, never fatal.
 */
final class SiteCache implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(SiteCache.class);

    /** An assignment with the ZooKeeper version it was read at (for compare-and-set). */
    record Versioned(Assignment assignment, int version) {
    }

    private final CuratorCache members;
    private final CuratorCache cameras;
    private final CuratorCache assignments;
    private final CountDownLatch initialized = new CountDownLatch(3);

    SiteCache(CuratorFramework client, Runnable onChange) {
        this.members = cache(client, ClusterPaths.MEMBERS, onChange);
        this.cameras = cache(client, ClusterPaths.CAMERAS, onChange);
        this.assignments = cache(client, ClusterPaths.ASSIGNMENTS, onChange);
    }

    private CuratorCache cache(CuratorFramework client, String path, Runnable onChange) {
        CuratorCache c = CuratorCache.build(client, path);
        c.listenable().addListener(CuratorCacheListener.builder()
                .forAll((type, before, after) -> onChange.run())
                .forInitialized(() -> {
                    initialized.countDown();
                    onChange.run();
                })
                .build());
        return c;
    }

    void start() {
        members.start();
        cameras.start();
        assignments.start();
    }

    /** True once all three families were read at least once. */
    boolean initialized() {
        return initialized.getCount() == 0;
    }

    boolean awaitInitialized(long timeout, TimeUnit unit) throws InterruptedException {
        return initialized.await(timeout, unit);
    }

    List<Member> members() {
        return records(members, ClusterPaths.MEMBERS, Member.class);
    }

    List<CameraSpec> cameras() {
        return records(cameras, ClusterPaths.CAMERAS, CameraSpec.class);
    }

    /** Assignments by camera, with their versions. */
    Map<String, Versioned> assignments() {
        Map<String, Versioned> out = new TreeMap<>();
        assignments.stream().filter(d -> isChild(d, ClusterPaths.ASSIGNMENTS)).forEach(d -> {
            Assignment a = ClusterJson.read(d.getData(), Assignment.class);
            if (a == null || !ClusterPaths.name(d.getPath()).equals(a.camera())) {
                LOG.warn("unreadable assignment at {}; ignored", d.getPath());
                return;
            }
            out.put(a.camera(), new Versioned(a, d.getStat().getVersion()));
        });
        return out;
    }

    /** One camera's assignment, or null (a lookup in the cache, no copy of the others). */
    Assignment assignment(String camera) {
        return assignments.get(ClusterPaths.assignment(camera)).map(d -> ClusterJson.read(d.getData(), Assignment.class))
                .filter(a -> camera.equals(a.camera())).orElse(null);
    }

    private static <T> List<T> records(CuratorCache cache, String parent, Class<T> type) {
        List<T> out = new ArrayList<>();
        cache.stream().filter(d -> isChild(d, parent)).forEach(d -> {
            T r = ClusterJson.read(d.getData(), type);
            if (r == null) {
                LOG.warn("unreadable {} record at {}; ignored", type.getSimpleName(), d.getPath());
            } else {
                out.add(r);
            }
        });
        return out;
    }

    private static boolean isChild(ChildData d, String parent) {
        return d.getPath().startsWith(parent + "/") && d.getPath().indexOf('/', parent.length() + 1) < 0;
    }

    @Override
    public void close() {
        assignments.close();
        cameras.close();
        members.close();
    }
}
