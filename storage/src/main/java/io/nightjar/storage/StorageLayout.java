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

    /** Every root footage is written under: the data directory and each camera's own root. */
    public java.util.Set<Path> roots() {
        java.util.Set<Path> all = new java.util.LinkedHashSet<>();
        all.add(root);
        all.addAll(cameraRoots.values());
        return all;
    }

    public Path rootOf(String camera) {
        return cameraRoots.getOrDefault(camera, root);
    }

    /** The path of a new segment file for a camera starting at {@code startMicros}. */
    public Path newSegmentPath(String camera, long startMicros) {
        Instant t = Instant.ofEpochSecond(Math.floorDiv(startMicros, 1_000_000L), Math.floorMod(startMicros, 1_000_000L) * 1000);
        return rootOf(camera).resolve(camera).resolve(DAY.format(t)).resolve(NAME.format(t) + ".mp4");
    }

    /**
     * The start time a segment file's name gives, and its place: true only for
     * {@code <camera dir>/yyyy/mm/dd/<start>.mp4} as {@link #newSegmentPath} makes them.
     *
     * @return the start in microseconds, or {@link Long#MIN_VALUE} when {@code relative} (to the
     *         camera's directory) is not a segment file's path
     */
    public static long segmentStartOf(Path relative) {
        if (relative.getNameCount() != 4) {
            return Long.MIN_VALUE;
        }
        for (int i = 0; i < 3; i++) {
            if (!relative.getName(i).toString().matches("\\d{2,4}")) {
                return Long.MIN_VALUE;
            }
        }
        String name = relative.getFileName().toString();
        if (!name.endsWith(".mp4")) {
            return Long.MIN_VALUE;
        }
        try {
            Instant t = Instant.from(NAME.parse(name.substring(0, name.length() - 4)));
            return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
        } catch (java.time.DateTimeException e) {
            return Long.MIN_VALUE;
        }
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
