package io.nightjar.storage.read;

import io.nightjar.storage.StorageLayout;
import io.nightjar.storage.index.FileRecord;
import io.nightjar.storage.index.FragmentRecord;
import io.nightjar.storage.index.TimeIndex;
import io.nightjar.storage.mp4.FragmentInfo;
import io.nightjar.storage.mp4.Mp4FormatException;
import io.nightjar.storage.mp4.SegmentFileReader;
import io.nightjar.storage.writer.FileHasher;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks segment files against the index: the file exists and is as long as indexed, its init
 * segment reads, every indexed fragment is where the index says with the frames it says, and a
 * closed file's SHA-256 matches the one recorded when it was sealed.
 */
public final class Verifier {
    /** The verdict on one file. */
    public record FileResult(long fileId, String camera, String path, String status, List<String> problems) {
        public boolean damaged() {
            return status.equals("DAMAGED");
        }
    }

    /** The verdict on all files checked. */
    public record Report(List<FileResult> files) {
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
                sb.append(String.format("%-8s %s  %s%n", f.status(), f.camera(), f.path()));
                for (String p : f.problems()) {
                    sb.append("         - ").append(p).append('\n');
                }
            }
            long ok = files.stream().filter(f -> f.status().equals("OK")).count();
            long pending = files.stream().filter(f -> f.status().equals("PENDING")).count();
            sb.append(files.size()).append(" files checked: ").append(ok).append(" ok, ").append(damaged()).append(" damaged");
            if (pending > 0) {
                sb.append(", ").append(pending).append(" not sealed yet (open or hashing)");
            }
            sb.append('\n');
            return sb.toString();
        }
    }

    private Verifier() {
    }

    /** @param camera null for all cameras */
    public static Report verify(TimeIndex index, StorageLayout layout, String camera, long from, long to) {
        List<FileResult> results = new ArrayList<>();
        List<String> cameras = camera == null ? index.cameras() : List.of(camera);
        for (String cam : cameras) {
            for (FileRecord f : index.files(cam, from, to)) {
                results.add(check(index, layout, f));
            }
        }
        return new Report(results);
    }

    static FileResult check(TimeIndex index, StorageLayout layout, FileRecord f) {
        List<String> problems = new ArrayList<>();
        Path path = layout.resolve(f.path());
        boolean pending = false;
        try {
            if (!Files.exists(path)) {
                problems.add("file is missing");
            } else {
                long size = Files.size(path);
                if (size < f.bytes()) {
                    problems.add("file is " + size + " bytes but " + f.bytes() + " are indexed");
                }
                try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                    try {
                        SegmentFileReader.readInit(ch);
                    } catch (Mp4FormatException e) {
                        problems.add("init segment: " + e.getMessage());
                    }
                    for (FragmentRecord fr : index.fragmentsOf(f)) {
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
                if (f.state() == FileRecord.State.CLOSED && f.sha256() != null && problems.isEmpty()) {
                    String actual = FileHasher.sha256(path, f.bytes());
                    if (!actual.equals(f.sha256())) {
                        problems.add("SHA-256 is " + actual + " but " + f.sha256() + " was recorded when it was sealed");
                    }
                } else if (f.sha256() == null) {
                    pending = true;
                }
            }
        } catch (IOException e) {
            problems.add("cannot read: " + e.getMessage());
        }
        String status = !problems.isEmpty() ? "DAMAGED" : pending ? "PENDING" : "OK";
        return new FileResult(f.id(), f.camera(), f.path(), status, problems);
    }

    private static String at(long micros) {
        return Instant.ofEpochSecond(0, micros * 1000).toString();
    }
}
