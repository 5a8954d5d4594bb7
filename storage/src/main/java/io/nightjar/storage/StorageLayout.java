package io.nightjar.storage;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where things live under a data directory:
 * <pre>
 * &lt;root&gt;/.nightjar/index/                          RocksDB time index
 * &lt;root&gt;/&lt;camera&gt;/&lt;yyyy&gt;/&lt;mm&gt;/&lt;dd&gt;/&lt;start&gt;.mp4   segment files, start as 20261128T041500.123456Z
 * </pre>
 * A camera may have a root of its own (another disk); its files are then recorded with absolute
 * paths, files under the main root with relative ones, so the main root can be moved whole.
 */
public final class StorageLayout {
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    private final Path root;
    private final Map<String, Path> cameraRoots = new ConcurrentHashMap<>();

    public StorageLayout(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path indexDirectory() {
        return root.resolve(".nightjar").resolve("index");
    }

    /** Records a camera on another root (e.g. its own disk). */
    public void setCameraRoot(String camera, Path cameraRoot) {
        cameraRoots.put(camera, cameraRoot.toAbsolutePath().normalize());
    }

    public Path rootOf(String camera) {
        return cameraRoots.getOrDefault(camera, root);
    }

    /** The path of a new segment file for a camera starting at {@code startMicros}. */
    public Path newSegmentPath(String camera, long startMicros) {
        Instant t = Instant.ofEpochSecond(Math.floorDiv(startMicros, 1_000_000L), Math.floorMod(startMicros, 1_000_000L) * 1000);
        return rootOf(camera).resolve(camera).resolve(DAY.format(t)).resolve(NAME.format(t) + ".mp4");
    }

    /** How a path is recorded in the index. */
    public String toIndexPath(Path p) {
        Path a = p.toAbsolutePath().normalize();
        return a.startsWith(root) ? root.relativize(a).toString() : a.toString();
    }

    /** The file an index path names. */
    public Path resolve(String indexPath) {
        Path p = Path.of(indexPath);
        return p.isAbsolute() ? p : root.resolve(p);
    }
}
