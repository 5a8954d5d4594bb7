package io.nightjar.storage.recovery;

import io.nightjar.recorder.ring.StreamRef;
import io.nightjar.storage.StorageLayout;
import io.nightjar.storage.index.FileEnd;
import io.nightjar.storage.index.FileRecord;
import io.nightjar.storage.index.FragmentRecord;
import io.nightjar.storage.index.TimeIndex;
import io.nightjar.recorder.media.mp4.FragmentInfo;
import io.nightjar.recorder.media.mp4.InitInfo;
import io.nightjar.recorder.media.mp4.InitSegment;
import io.nightjar.recorder.media.mp4.Mp4FormatException;
import io.nightjar.recorder.media.mp4.SegmentFileReader;
import io.nightjar.storage.writer.FileHasher;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the index and the segment files back into agreement at start-up, before recording
 * resumes:
 * <ul>
 *   <li>files still open (the process stopped without closing them) are scanned past their last
 *   indexed fragment; complete fragments are indexed (their wall time comes from the prft box), a
 *   torn tail is truncated, and the file is closed with the reason "restart";</li>
 *   <li>index entries whose bytes are missing (file gone, or shorter than indexed after a power
 *   cut) are removed;</li>
 *   <li>deletions interrupted by a crash are finished;</li>
 *   <li>segment files the index does not know are adopted when they hold an init segment and at
 *   least one complete fragment, removed otherwise.</li>
 * </ul>
 * Every action is logged and returned in words.
 */
public final class Recovery {
    /**
     * The epoch of an adopted file: the epoch lives in the index record, which this file never had
     * (0, as outside a cluster; a segment written a moment before a crash and never indexed).
     */
    static final long UNKNOWN_EPOCH = 0;

    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private final TimeIndex index;
    private final StorageLayout layout;
    private final FileHasher hasher;
    private final List<String> actions = new ArrayList<>();

    private Recovery(TimeIndex index, StorageLayout layout, FileHasher hasher) {
        this.index = index;
        this.layout = layout;
        this.hasher = hasher;
    }

    /** Runs recovery; returns what was done (empty when the store was clean). */
    public static List<String> run(TimeIndex index, StorageLayout layout, FileHasher hasher, List<Path> extraRoots) {
        Recovery r = new Recovery(index, layout, hasher);
        Set<String> known = new HashSet<>();
        for (FileRecord f : index.files().all()) {
            known.add(layout.resolve(f.path()).toString());
            try {
                r.recover(f);
            } catch (IOException | RuntimeException e) {
                r.act("file " + f.id() + " (" + f.path() + "): could not recover: " + e.getMessage());
            }
        }
        List<Path> roots = new ArrayList<>();
        roots.add(layout.root());
        roots.addAll(extraRoots);
        for (Path root : roots) {
            r.adoptUnknown(root, known);
        }
        return r.actions;
    }

    private void act(String message) {
        actions.add(message);
        LOG.warn("recovery: {}", message);
    }

    private void recover(FileRecord f) throws IOException {
        Path path = layout.resolve(f.path());
        switch (f.state()) {
            case DELETING:
                index.fragments().delete(fragmentsOf(f), null);
                Files.deleteIfExists(path);
                index.files().delete(f);
                act("finished deleting " + f.path() + " (interrupted by a stop)");
                return;
            case CLOSED:
                if (!Files.exists(path)) {
                    dropFile(f, "its file is missing");
                } else if (Files.size(path) < f.bytes()) {
                    recoverShortened(f, path);
                } else if (f.sha256() == null) {
                    hasher.submit(f.id());
                }
                return;
            default:
                if (!Files.exists(path)) {
                    dropFile(f, "its file is missing");
                    return;
                }
                recoverOpen(f, path);
        }
    }

    private void dropFile(FileRecord f, String why) {
        List<FragmentRecord> frags = fragmentsOf(f);
        index.fragments().delete(frags, null);
        index.files().delete(f);
        act("removed " + frags.size() + " index entries of " + f.path() + ": " + why);
    }

    /** A closed file shorter than indexed (a power cut before fsync): drop what is gone. */
    private void recoverShortened(FileRecord f, Path path) throws IOException {
        long size = Files.size(path);
        List<FragmentRecord> gone = new ArrayList<>();
        long end = f.startMicros();
        long bytes = f.initLength();
        int kept = 0;
        for (FragmentRecord fr : fragmentsOf(f)) {
            if (fr.offset() + fr.length() > size) {
                gone.add(fr);
            } else {
                end = Math.max(end, fr.endMicros());
                bytes = Math.max(bytes, fr.offset() + fr.length());
                kept++;
            }
        }
        FileRecord updated = new FileRecord(f.id(), f.camera(), f.path(), f.startMicros(), end, bytes, FileRecord.State.CLOSED,
                null, f.codec(), f.initLength(), kept, f.end(), f.epoch());
        index.fragments().delete(gone, updated);
        truncate(path, bytes);
        act("removed " + gone.size() + " index entries of " + f.path() + " whose bytes were lost (file is " + size + " bytes, "
                + f.bytes() + " were indexed)");
        hasher.submit(f.id());
    }

    private void recoverOpen(FileRecord f, Path path) throws IOException {
        long size = Files.size(path);
        FileRecord current = f;
        if (size < f.bytes()) {
            // Part of what was indexed never reached the disk: forget those entries first.
            List<FragmentRecord> gone = new ArrayList<>();
            long bytes = f.initLength();
            long end = f.startMicros();
            int kept = 0;
            for (FragmentRecord fr : fragmentsOf(f)) {
                if (fr.offset() + fr.length() > size) {
                    gone.add(fr);
                } else {
                    bytes = Math.max(bytes, fr.offset() + fr.length());
                    end = Math.max(end, fr.endMicros());
                    kept++;
                }
            }
            current = new FileRecord(f.id(), f.camera(), f.path(), f.startMicros(), end, bytes, f.state(), null, f.codec(),
                    f.initLength(), kept, null, f.epoch());
            index.fragments().delete(gone, current);
            act("removed " + gone.size() + " index entries of " + f.path() + " whose bytes were lost");
        }
        int added = 0;
        long validEnd;
        String stop;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long scanFrom = Math.max(current.bytes(), current.initLength());
            if (current.fragments() == 0) {
                try {
                    InitInfo init = SegmentFileReader.readInit(ch);
                    scanFrom = init.length();
                } catch (Mp4FormatException e) {
                    ch.close();
                    Files.deleteIfExists(path);
                    index.files().delete(current);
                    act("removed " + f.path() + ": its init segment is unreadable (" + e.getMessage() + ")");
                    return;
                }
            }
            SegmentFileReader.Scan scan = SegmentFileReader.scan(ch, scanFrom);
            validEnd = scan.validEnd();
            stop = scan.stopReason();
            long lastStart = lastIndexedStart(f);
            try (TimeIndex.Batch batch = index.newBatch()) {
                for (FragmentInfo fi : scan.fragments()) {
                    long start = Math.max(fi.wallMicros() >= 0 ? fi.wallMicros() : current.endMicros(), lastStart + 1);
                    lastStart = start;
                    int duration = (int) (fi.durationTicks() * 1_000_000L / InitSegment.TIMESCALE);
                    batch.addFragment(new FragmentRecord(f.camera(), start, f.id(), fi.offset(), (int) fi.length(), duration,
                            fi.samples(), fi.startsWithKey()));
                    current = current.withProgress(start + duration, fi.end(), current.fragments() + 1);
                    added++;
                }
                batch.commit();
            }
            if (size > validEnd) {
                ch.truncate(validEnd);
                ch.force(true);
                act("truncated a torn tail of " + (size - validEnd) + " bytes from " + f.path() + " (" + stop + ")");
            }
        }
        if (current.fragments() == 0) {
            Files.deleteIfExists(path);
            index.files().delete(current);
            act("removed " + f.path() + ": it holds no complete fragment");
            return;
        }
        index.files().put(new FileRecord(current.id(), current.camera(), current.path(), current.startMicros(), current.endMicros(),
                validEnd, FileRecord.State.CLOSED, null, current.codec(), current.initLength(), current.fragments(),
                FileEnd.of(FileEnd.Kind.RESTART, "restart (Nightjar stopped without closing this file)"), current.epoch()));
        if (added > 0) {
            act("indexed " + added + " complete fragments of " + f.path() + " written after the last index commit");
        }
        act("closed " + f.path() + " (camera " + f.camera() + ", " + current.fragments() + " fragments), left open by a stop");
        hasher.submit(f.id());
    }

    private long lastIndexedStart(FileRecord f) {
        FragmentRecord last = index.fragments().locate(f.camera(), Long.MAX_VALUE - 1);
        return last == null ? Long.MIN_VALUE : last.startMicros();
    }

    private List<FragmentRecord> fragmentsOf(FileRecord f) {
        return index.fragments().of(f);
    }

    private void adoptUnknown(Path root, Set<String> known) {
        if (!Files.isDirectory(root)) {
            return;
        }
        List<Path> unknown = new ArrayList<>();
        Path internal = root.resolve(".nightjar");
        try {
            // Skip Nightjar's own directory (RocksDB deletes files there while we walk) and keep
            // going past files that vanish or cannot be read.
            Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), 5,
                    new SimpleFileVisitor<Path>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
                            return d.equals(internal) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path p, BasicFileAttributes a) {
                            if (a.isRegularFile() && p.toString().endsWith(".mp4")
                                    && !known.contains(p.toAbsolutePath().normalize().toString())) {
                                unknown.add(p);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path p, IOException e) {
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            act("could not look for unknown files under " + root + ": " + e.getMessage());
            return;
        }
        for (Path p : unknown) {
            try {
                adopt(root, p);
            } catch (IOException | RuntimeException e) {
                act("could not adopt " + p + ": " + e.getMessage());
            }
        }
    }

    private void adopt(Path root, Path p) throws IOException {
        Path rel = root.relativize(p.toAbsolutePath().normalize());
        String camera = rel.getNameCount() > 1 ? rel.getName(0).toString() : null;
        if (camera == null || !StreamRef.isValidId(camera)) {
            act("left " + p + " alone: not under a camera directory");
            return;
        }
        InitInfo init;
        SegmentFileReader.Scan scan;
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            try {
                init = SegmentFileReader.readInit(ch);
            } catch (Mp4FormatException e) {
                ch.close();
                Files.delete(p);
                act("removed unknown file " + p + ": not a readable segment file (" + e.getMessage() + ")");
                return;
            }
            scan = SegmentFileReader.scan(ch, init.length());
            if (scan.fragments().isEmpty() || scan.fragments().get(0).wallMicros() < 0) {
                ch.close();
                Files.delete(p);
                act("removed unknown file " + p + ": no complete fragment with a wall-clock time");
                return;
            }
            if (ch.size() > scan.validEnd()) {
                ch.truncate(scan.validEnd());
            }
        }
        long id = index.newFileId();
        FragmentRecord prev = index.fragments().locate(camera, Long.MAX_VALUE - 1);
        long lastStart = prev == null ? Long.MIN_VALUE : prev.startMicros();
        long first = scan.fragments().get(0).wallMicros();
        long end = first;
        int n = 0;
        FileRecord f = new FileRecord(id, camera, layout.toIndexPath(p), first, first, init.length(), FileRecord.State.OPEN,
                null, init.codecFourcc(), (int) init.length(), 0, null, UNKNOWN_EPOCH);
        index.files().put(f);
        try (TimeIndex.Batch batch = index.newBatch()) {
            for (FragmentInfo fi : scan.fragments()) {
                long start = Math.max(fi.wallMicros() >= 0 ? fi.wallMicros() : end, lastStart + 1);
                lastStart = start;
                int duration = (int) (fi.durationTicks() * 1_000_000L / InitSegment.TIMESCALE);
                batch.addFragment(new FragmentRecord(camera, start, id, fi.offset(), (int) fi.length(), duration, fi.samples(),
                        fi.startsWithKey()));
                end = start + duration;
                n++;
            }
            batch.commit();
        }
        index.files().put(new FileRecord(id, camera, f.path(), first, end, scan.validEnd(), FileRecord.State.CLOSED, null,
                init.codecFourcc(), (int) init.length(), n, FileEnd.of(FileEnd.Kind.ADOPTED, "adopted after restart (unknown to the index)"),
                UNKNOWN_EPOCH));
        act("adopted unknown file " + p + " for camera " + camera + " with " + n + " fragments");
        hasher.submit(id);
    }

    private static void truncate(Path path, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
            if (ch.size() > size) {
                ch.truncate(size);
            }
        }
    }
}
