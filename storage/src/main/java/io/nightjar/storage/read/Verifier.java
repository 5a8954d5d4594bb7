package io.nightjar.storage.read;

import io.nightjar.storage.StorageException;
import io.nightjar.storage.StorageLayout;
import io.nightjar.storage.index.FileRecord;
import io.nightjar.storage.index.FragmentRecord;
import io.nightjar.storage.index.TimeIndex;
import io.nightjar.recorder.media.mp4.FragmentInfo;
import io.nightjar.recorder.media.mp4.Mp4FormatException;
import io.nightjar.recorder.media.mp4.SegmentFileReader;
import io.nightjar.storage.writer.FileHasher;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Checks segment files against the index, and never changes either: every indexed file exists,
 * holds every byte the index says (an index entry whose bytes are not in the file is reported),
 * its init segment reads, every indexed fragment is where the index says with the frames it says,
 * a sealed file's SHA-256 matches the one recorded when it was sealed, and no segment file lies in a
 * camera's directories that the index does not know.
 *
 * <p>Works beside a running server: {@link #verifyStore} opens the index as a read-only RocksDB
 * secondary, and whatever looks missing or extra is looked up again after catching up with the
 * server's latest writes (retention may have just deleted a file, the writer just opened one).
 */
public final class Verifier {
    /** What was found of one file. */
    public enum Status {
        /** Intact: every indexed byte present and readable; sealed with a matching SHA-256. */
        OK(false),
        /** Intact so far, not sealed yet (still being written, or its hash still being computed). */
        PENDING(false),
        /** Indexed, but the file is not there. */
        MISSING(true),
        /** Shorter than the index says: indexed fragments without their bytes. */
        TRUNCATED(true),
        /** Present at its full length, but what is in it is not what was recorded. */
        DAMAGED(true),
        /** A segment file in a camera's directories that the index does not know. */
        EXTRA(true);

        private final boolean problem;

        Status(boolean problem) {
            this.problem = problem;
        }

        /** True when this status makes the store not clean. */
        public boolean problem() {
            return problem;
        }
    }

    /** The verdict on one file ({@code fileId} 0 for an extra file). */
    public record FileResult(long fileId, String camera, String path, Status status, List<String> problems) {
        public boolean damaged() {
            return status.problem();
        }
    }

    /** The verdict on all files checked. */
    public record Report(List<FileResult> files) {
        public long count(Status s) {
            return files.stream().filter(f -> f.status() == s).count();
        }

        /** Files with any problem (missing, truncated, damaged or extra). */
        public long damaged() {
            return files.stream().filter(FileResult::damaged).count();
        }

        public boolean clean() {
            return damaged() == 0;
        }

        /** A report for a terminal: one line per file, problems indented, a summary at the end. */
        public String format() {
            StringBuilder sb = new StringBuilder();
            for (FileResult f : files) {
                sb.append(String.format("%-9s %s  %s%n", f.status(), f.camera(), f.path()));
                for (String p : f.problems()) {
                    sb.append("          - ").append(p).append('\n');
                }
            }
            long indexed = files.size() - count(Status.EXTRA);
            sb.append(indexed).append(" indexed files checked: ").append(count(Status.OK)).append(" ok");
            for (Status s : List.of(Status.MISSING, Status.TRUNCATED, Status.DAMAGED)) {
                sb.append(", ").append(count(s)).append(' ').append(s.name().toLowerCase(java.util.Locale.ROOT));
            }
            if (count(Status.PENDING) > 0) {
                sb.append(", ").append(count(Status.PENDING)).append(" not sealed yet (open or hashing)");
            }
            sb.append("; ").append(count(Status.EXTRA)).append(" files not in the index\n");
            return sb.toString();
        }
    }

    private Verifier() {
    }

    /**
     * Verifies the store under {@code root} without changing it, whether or not a server has it
     * open. Recovery does not run (it is the server's, at start).
     *
     * @param camera null for all cameras
     * @throws StorageException when there is no readable index, or {@code camera} is not in it
     */
    public static Report verifyStore(Path root, String camera, long from, long to) {
        StorageLayout layout = new StorageLayout(root);
        Path scratch;
        try {
            scratch = Files.createTempDirectory("nightjar-verify-");
        } catch (IOException e) {
            throw new StorageException("cannot create a scratch directory for the read-only index: " + e.getMessage(), e);
        }
        try (TimeIndex index = TimeIndex.openReadOnly(layout.indexDirectory(), scratch)) {
            if (camera != null && !index.cameras().contains(camera)) {
                throw new io.nightjar.storage.NotFoundException("no camera '" + camera + "' in the index (cameras: " + String.join(", ", index.cameras()) + ")");
            }
            return verify(index, layout, camera, from, to);
        } finally {
            deleteQuietly(scratch);
        }
    }

    /** @param camera null for all cameras */
    public static Report verify(TimeIndex index, StorageLayout layout, String camera, long from, long to) {
        List<FileResult> results = new ArrayList<>();
        List<String> cameras = camera == null ? index.cameras() : List.of(camera);
        Set<Path> indexedPaths = new HashSet<>();
        Set<Path> cameraDirs = new LinkedHashSet<>();
        for (String cam : cameras) {
            cameraDirs.add(layout.rootOf(cam).resolve(cam));
            for (FileRecord f : index.files().of(cam)) {
                Path p = layout.resolve(f.path()).toAbsolutePath().normalize();
                indexedPaths.add(p);
                Path dir = cameraDirOf(p);
                if (dir != null) {
                    cameraDirs.add(dir);
                }
            }
            for (FileRecord f : index.files().overlapping(cam, from, to)) {
                if (f.state() == FileRecord.State.DELETING) {
                    continue; // retention is removing it
                }
                FileResult r = check(index, layout, f);
                if (r.status() == Status.MISSING && index.readOnly()) {
                    index.catchUp();
                    FileRecord now = index.files().get(f.id());
                    if (now == null || now.state() == FileRecord.State.DELETING) {
                        continue; // deleted by retention since the index was opened
                    }
                }
                results.add(r);
            }
        }
        if (camera == null) {
            cameraDirs.addAll(unindexedCameraDirs(layout, cameras));
        }
        results.addAll(extraFiles(index, layout, cameraDirs, indexedPaths, from, to));
        return new Report(results);
    }

    /** {@code <root>/<camera>/yyyy/mm/dd/<name>.mp4} → {@code <root>/<camera>}. */
    private static Path cameraDirOf(Path segment) {
        Path p = segment;
        for (int i = 0; i < 4 && p != null; i++) {
            p = p.getParent();
        }
        return p;
    }

    /** Directories under the main root that look like a camera's but name no camera of the index. */
    private static List<Path> unindexedCameraDirs(StorageLayout layout, List<String> cameras) {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(layout.root())) {
            s.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().startsWith("."))
                    .filter(d -> !cameras.contains(d.getFileName().toString())).forEach(out::add);
        } catch (IOException e) {
            // an unreadable root shows up as missing files
        }
        return out;
    }

    private static List<FileResult> extraFiles(TimeIndex index, StorageLayout layout, Set<Path> cameraDirs, Set<Path> indexed,
                                               long from, long to) {
        List<Path> candidates = new ArrayList<>();
        for (Path dir : cameraDirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> w = Files.walk(dir, 4)) {
                Path base = dir.toAbsolutePath().normalize();
                w.map(p -> p.toAbsolutePath().normalize()).filter(p -> !indexed.contains(p) && Files.isRegularFile(p)).filter(p -> {
                    long start = StorageLayout.segmentStartOf(base.relativize(p));
                    return start != Long.MIN_VALUE && start < to && start >= from - MAX_FILE_MICROS;
                }).sorted(Comparator.naturalOrder()).forEach(candidates::add);
            } catch (IOException e) {
                // an unreadable directory: its indexed files show up as missing
            }
        }
        if (candidates.isEmpty()) {
            return List.of();
        }
        if (index.readOnly()) {
            index.catchUp(); // the writer may have opened these files since the index was opened
        }
        Set<Path> known = new HashSet<>();
        for (FileRecord f : index.files().all()) {
            known.add(layout.resolve(f.path()).toAbsolutePath().normalize());
        }
        List<FileResult> out = new ArrayList<>();
        for (Path p : candidates) {
            if (!known.contains(p)) {
                Path dir = cameraDirOf(p);
                String camera = dir == null ? "?" : dir.getFileName().toString();
                out.add(new FileResult(0, camera, layout.toIndexPath(p), Status.EXTRA,
                        List.of("not in the index (" + size(p) + " bytes): copied in, or left by an index restored from a backup")));
            }
        }
        return out;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    /** Files are never longer than this: an extra file starting this long before {@code from} may reach into it. */
    static final long MAX_FILE_MICROS = 24L * 3600 * 1_000_000;

    static FileResult check(TimeIndex index, StorageLayout layout, FileRecord f) {
        List<String> problems = new ArrayList<>();
        Path path = layout.resolve(f.path());
        Status status = Status.OK;
        try {
            if (!Files.exists(path)) {
                return new FileResult(f.id(), f.camera(), f.path(), Status.MISSING,
                        List.of("file is missing; the index holds " + index.fragments().of(f).size() + " fragments of it"));
            }
            long size = Files.size(path);
            List<FragmentRecord> fragments = index.fragments().of(f);
            if (size < f.bytes()) {
                long without = fragments.stream().filter(fr -> fr.offset() + fr.length() > size).count();
                problems.add("file is " + size + " bytes but " + f.bytes() + " are indexed: " + without + " of " + fragments.size()
                        + " indexed fragments have no bytes");
                status = Status.TRUNCATED;
            }
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                try {
                    SegmentFileReader.readInit(ch);
                } catch (Mp4FormatException e) {
                    problems.add("init segment: " + e.getMessage());
                }
                for (FragmentRecord fr : fragments) {
                    if (fr.offset() + fr.length() > size) {
                        continue; // counted above
                    }
                    try {
                        FragmentInfo fi = SegmentFileReader.readFragment(ch, fr.offset());
                        if (fi.length() != fr.length() || fi.samples() != fr.frames()) {
                            problems.add("fragment at " + fr.offset() + " (" + at(fr.startMicros()) + ") has " + fi.samples()
                                    + " frames in " + fi.length() + " bytes; the index says " + fr.frames() + " in " + fr.length());
                        }
                    } catch (Mp4FormatException e) {
                        problems.add("fragment at " + fr.offset() + " (" + at(fr.startMicros()) + "): " + e.getMessage());
                    }
                }
            }
            if (status == Status.OK && !problems.isEmpty()) {
                status = Status.DAMAGED;
            }
            if (status == Status.OK) {
                if (f.state() == FileRecord.State.CLOSED && f.sha256() != null) {
                    String actual = FileHasher.sha256(path, f.bytes());
                    if (!actual.equals(f.sha256())) {
                        problems.add("SHA-256 is " + actual + " but " + f.sha256() + " was recorded when it was sealed");
                        status = Status.DAMAGED;
                    }
                } else {
                    status = Status.PENDING;
                }
            }
        } catch (IOException e) {
            problems.add("cannot read: " + e.getMessage());
            status = Status.DAMAGED;
        }
        return new FileResult(f.id(), f.camera(), f.path(), status, problems);
    }

    private static String at(long micros) {
        return Instant.ofEpochSecond(0, micros * 1000).toString();
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> w = Files.walk(dir)) {
            w.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a scratch file left in the temp directory
                }
            });
        } catch (IOException e) {
            // nothing to clean
        }
    }
}
