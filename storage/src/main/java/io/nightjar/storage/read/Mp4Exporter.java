package io.nightjar.storage.read;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nightjar.storage.StorageException;
import io.nightjar.storage.StorageLayout;
import io.nightjar.storage.index.FileRecord;
import io.nightjar.storage.index.FragmentRecord;
import io.nightjar.storage.index.TimeIndex;
import io.nightjar.recorder.media.mp4.Boxes;
import io.nightjar.recorder.media.mp4.FragmentInfo;
import io.nightjar.recorder.media.mp4.InitInfo;
import io.nightjar.recorder.media.mp4.InitSegment;
import io.nightjar.recorder.media.mp4.Mp4FormatException;
import io.nightjar.recorder.media.mp4.ProgressiveMp4;
import io.nightjar.recorder.media.mp4.SegmentFileReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Exports any time range of a camera as one progressive MP4 ({@code moov} before {@code mdat}),
 * without re-encoding: the sample tables come from the fragments' {@code trun} boxes, the sample
 * bytes are copied from the segment files in place (kernel to kernel, {@code transferTo}), and
 * the export starts at the keyframe at or before the requested start with an edit list so that
 * playback begins at the requested instant. Ranges spanning several files, gaps and resolution
 * changes work: the timeline follows wall-clock time (a gap holds the last frame), and each file's
 * sample entry becomes a sample description.
 *
 * <p>Every export gets a manifest: its SHA-256 (computed on a second thread while the copy runs),
 * the source files with their SHA-256, and the requested and actual ranges.
 */
public final class Mp4Exporter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int MAX_SAMPLES = 5_000_000;

    private final TimeIndex index;
    private final StorageLayout layout;

    public Mp4Exporter(TimeIndex index, StorageLayout layout) {
        this.index = index;
        this.layout = layout;
    }

    /** A contiguous run of source bytes that becomes one chunk of the export. */
    public record Chunk(Path file, long offset, long length) {
    }

    /**
     * A source file and what of it the export uses.
     *
     * @param node the node of a cluster that holds the file, or null for this node's own
     */
    public record Source(long fileId, String path, String state, String sha256, long bytesUsed, int samples, String node) {
    }

    /** Everything needed to write (or serve) the export. */
    public record Plan(String camera, long requestedFrom, long requestedTo, long actualFrom, long actualTo,
                       long firstSampleMicros, int frames, byte[] head, List<Chunk> chunks, long size,
                       List<Source> sources, List<Span> gaps) {
    }

    /** A written export. */
    public record Result(Path file, long bytes, String sha256, Path manifestFile, String manifest, Plan plan) {
    }

    /**
     * Footage of one node to export: its sample table, and for each of the table's files where its
     * bytes can be read at their own offsets here (the file itself, or a copy of the ranges used).
     *
     * @param node the node that recorded it, or null for this node
     */
    public record Part(SampleTable table, List<Path> paths, String node) {
        public Part {
            if (paths.size() != table.files().size()) {
                throw new IllegalArgumentException("a path for each of the table's " + table.files().size() + " files is needed");
            }
        }
    }

    /** The gaps in the footage between two instants (what the manifest lists). */
    @FunctionalInterface
    public interface Gaps {
        List<Span> between(long fromMicros, long toMicros);
    }

    private static final class Sample {
        long wall;
        int size;
        int duration;
        boolean key;
        long filePos;
        int fileSlot;
        int entry;
        int fragment;
    }

    /** Plans the export of {@code [from, to)} of this node's footage. */
    public Plan plan(String camera, long from, long to) throws IOException {
        SampleTable t = table(camera, from, to);
        List<Path> paths = new ArrayList<>();
        for (SampleTable.SourceFile f : t.files()) {
            paths.add(layout.resolve(f.path()));
        }
        return plan(camera, from, to, List.of(new Part(t, paths, null)), localGaps(camera));
    }

    /** The gaps of this node's footage of {@code camera}. */
    public Gaps localGaps(String camera) {
        return (a, b) -> {
            List<Span> gaps = new ArrayList<>();
            for (Span s : SpanQuery.spans(index, camera, a, b)) {
                if (!s.recorded()) {
                    gaps.add(s);
                }
            }
            return gaps;
        };
    }

    /**
     * The samples of this node's footage of {@code [from, to)}, from the keyframe at or before
     * {@code from}, with where their bytes are; NotFound when there is none.
     */
    public SampleTable table(String camera, long from, long to) throws IOException {
        if (to <= from) {
            throw new IllegalArgumentException("export range is empty: from must be before to");
        }
        List<FragmentRecord> fragments = index.fragments().range(camera, index.fragments().playbackStart(camera, from), to);
        if (fragments.isEmpty()) {
            throw new io.nightjar.storage.NotFoundException("no footage of camera " + camera + " between " + Instant.ofEpochSecond(0, from * 1000)
                    + " and " + Instant.ofEpochSecond(0, to * 1000));
        }
        Map<Long, FileRecord> files = new HashMap<>();
        Map<Long, Integer> fileNo = new HashMap<>();
        List<SampleTable.SourceFile> sourceFiles = new ArrayList<>();
        List<byte[]> entries = new ArrayList<>();
        Map<Long, Integer> entryOf = new HashMap<>();
        List<SampleTable.Run> runs = new ArrayList<>();
        int width = 0;
        int height = 0;
        int samples = 0;
        Map<Path, FileChannel> channels = new HashMap<>();
        try {
            for (FragmentRecord fr : fragments) {
                FileRecord file = files.computeIfAbsent(fr.fileId(), index.files()::get);
                if (file == null) {
                    continue;
                }
                Path path = layout.resolve(file.path());
                FileChannel ch = channels.get(path);
                if (ch == null) {
                    ch = FileChannel.open(path, StandardOpenOption.READ);
                    channels.put(path, ch);
                }
                if (!entryOf.containsKey(fr.fileId())) {
                    InitInfo init = SegmentFileReader.readInit(ch);
                    int found = -1;
                    for (int i = 0; i < entries.size(); i++) {
                        if (Arrays.equals(entries.get(i), init.sampleEntry())) {
                            found = i;
                        }
                    }
                    if (found < 0) {
                        entries.add(init.sampleEntry());
                        found = entries.size() - 1;
                        width = Math.max(width, init.width());
                        height = Math.max(height, init.height());
                    }
                    entryOf.put(fr.fileId(), found);
                    fileNo.put(fr.fileId(), sourceFiles.size());
                    sourceFiles.add(new SampleTable.SourceFile(file.id(), file.path(), file.state().name().toLowerCase(java.util.Locale.ROOT),
                            file.sha256(), null));
                }
                FragmentInfo fi = SegmentFileReader.readFragment(ch, fr.offset());
                int n = fi.samples();
                boolean[] keys = new boolean[n];
                for (int i = 0; i < n; i++) {
                    keys[i] = Boxes.isKey(fi.sampleFlags()[i]);
                }
                runs.add(new SampleTable.Run(fileNo.get(fr.fileId()), entryOf.get(fr.fileId()), fr.startMicros(), fi.dataOffset(),
                        Arrays.copyOf(fi.sampleSizes(), n), Arrays.copyOf(fi.sampleDurations(), n), keys));
                samples += n;
                if (samples > MAX_SAMPLES) {
                    throw new io.nightjar.storage.RangeTooLargeException("export of more than " + MAX_SAMPLES + " frames: split the range");
                }
            }
        } catch (Mp4FormatException e) {
            throw new StorageException("a segment file of camera " + camera + " is damaged: " + e.getMessage()
                    + " (run nightjar verify)", e);
        } finally {
            for (FileChannel ch : channels.values()) {
                ch.close();
            }
        }
        return new SampleTable(entries, width, height, sourceFiles, runs);
    }

    /**
     * Plans the export of {@code [from, to)} from footage of one or more nodes, {@code parts} in time
     * order (in a cluster: each node's footage of the stretch it recorded). Where two parts overlap
     * (a handoff records on both nodes for a moment) the earlier part ends where the later one's
     * first keyframe begins. The export starts at the last keyframe at or before {@code from} and
     * ends before {@code to}; identical sample entries are shared, different ones become sample
     * descriptions of their own.
     */
    public static Plan plan(String camera, long from, long to, List<Part> parts, Gaps gaps) {
        if (to <= from) {
            throw new IllegalArgumentException("export range is empty: from must be before to");
        }
        List<byte[]> entries = new ArrayList<>();
        List<Path> slotPath = new ArrayList<>();
        List<SampleTable.SourceFile> slotFile = new ArrayList<>();
        List<String> slotNode = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        int width = 0;
        int height = 0;
        int fragmentNo = 0;
        for (Part part : parts) {
            SampleTable t = part.table();
            int[] entryOf = new int[t.sampleEntries().size()];
            for (int e = 0; e < entryOf.length; e++) {
                int found = -1;
                for (int i = 0; i < entries.size(); i++) {
                    if (Arrays.equals(entries.get(i), t.sampleEntries().get(e))) {
                        found = i;
                    }
                }
                if (found < 0) {
                    entries.add(t.sampleEntries().get(e));
                    found = entries.size() - 1;
                }
                entryOf[e] = found + 1;
            }
            width = Math.max(width, t.width());
            height = Math.max(height, t.height());
            int slotBase = slotPath.size();
            for (int f = 0; f < t.files().size(); f++) {
                slotPath.add(part.paths().get(f));
                slotFile.add(t.files().get(f));
                slotNode.add(part.node());
            }
            List<Sample> mine = new ArrayList<>();
            for (SampleTable.Run run : t.runs()) {
                long pos = run.dataOffset();
                long ticks = 0;
                for (int i = 0; i < run.sizes().length; i++) {
                    Sample s = new Sample();
                    s.wall = run.startMicros() + ticks * 1_000_000L / InitSegment.TIMESCALE;
                    s.size = run.sizes()[i];
                    s.duration = run.durations()[i];
                    s.key = run.keys()[i];
                    s.filePos = pos;
                    s.fileSlot = slotBase + run.file();
                    s.entry = entryOf[run.entry()];
                    s.fragment = fragmentNo;
                    mine.add(s);
                    pos += s.size;
                    ticks += s.duration;
                }
                fragmentNo++;
            }
            int firstKey = 0;
            while (firstKey < mine.size() && !mine.get(firstKey).key) {
                firstKey++;
            }
            if (firstKey == mine.size()) {
                continue; // nothing decodable in this part
            }
            long begins = mine.get(firstKey).wall;
            if (!samples.isEmpty()) {
                // the earlier part ends where this one's first keyframe begins (a handoff's overlap is shown once)
                while (!samples.isEmpty() && samples.get(samples.size() - 1).wall >= begins) {
                    samples.remove(samples.size() - 1);
                }
                samples.addAll(mine.subList(firstKey, mine.size()));
            } else {
                samples.addAll(mine);
            }
            if (samples.size() > MAX_SAMPLES) {
                throw new io.nightjar.storage.RangeTooLargeException("export of more than " + MAX_SAMPLES + " frames: split the range");
            }
        }
        if (samples.isEmpty()) {
            throw new io.nightjar.storage.NotFoundException("no footage of camera " + camera + " between " + Instant.ofEpochSecond(0, from * 1000)
                    + " and " + Instant.ofEpochSecond(0, to * 1000));
        }
        // Start at the last keyframe at or before 'from'; end before 'to'.
        int first = -1;
        for (int i = 0; i < samples.size() && samples.get(i).wall <= from; i++) {
            if (samples.get(i).key) {
                first = i;
            }
        }
        if (first < 0) {
            for (int i = 0; i < samples.size(); i++) {
                if (samples.get(i).key) {
                    first = i;
                    break;
                }
            }
        }
        int last = samples.size() - 1;
        while (last >= 0 && samples.get(last).wall >= to) {
            last--;
        }
        if (first < 0 || last < first) {
            throw new io.nightjar.storage.NotFoundException("no keyframe of camera " + camera + " in the requested range");
        }
        List<Sample> used = samples.subList(first, last + 1);
        return buildPlan(camera, from, to, used, entries, width, height, slotPath, slotFile, slotNode, gaps);
    }

    private static Plan buildPlan(String camera, long from, long to, List<Sample> used, List<byte[]> entries, int width, int height,
                                  List<Path> slotPath, List<SampleTable.SourceFile> slotFile, List<String> slotNode, Gaps gapFinder) {
        int n = used.size();
        long base = used.get(0).wall;
        ProgressiveMp4.Tables t = new ProgressiveMp4.Tables();
        t.sampleEntries = entries.toArray(new byte[0][]);
        t.width = width;
        t.height = height;
        t.sampleSizes = new int[n];
        t.sampleDurations = new int[n];
        t.sync = new boolean[n];
        long[] media = new long[n];
        for (int i = 0; i < n; i++) {
            media[i] = Math.round((used.get(i).wall - base) * (InitSegment.TIMESCALE / 1e6));
        }
        for (int i = 0; i < n; i++) {
            Sample s = used.get(i);
            t.sampleSizes[i] = s.size;
            t.sync[i] = s.key;
            long d = i + 1 < n ? media[i + 1] - media[i] : s.duration;
            t.sampleDurations[i] = (int) Math.max(1, Math.min(Integer.MAX_VALUE, d));
        }
        long mediaEnd = media[n - 1] + t.sampleDurations[n - 1];
        long lastEndWall = used.get(n - 1).wall + (long) t.sampleDurations[n - 1] * 1_000_000L / InitSegment.TIMESCALE;
        long actualFrom = Math.max(from, base);
        long actualTo = Math.min(to, lastEndWall);
        if (actualTo < lastEndWall) {
            // Trim the last frame's display so the export ends exactly at 'to'.
            int cut = (int) Math.max(1, Math.round((actualTo - used.get(n - 1).wall) * (InitSegment.TIMESCALE / 1e6)));
            t.sampleDurations[n - 1] = Math.min(t.sampleDurations[n - 1], cut);
            mediaEnd = media[n - 1] + t.sampleDurations[n - 1];
        }
        t.mediaDurationTicks = mediaEnd;
        t.editMediaTime = Math.round((actualFrom - base) * (InitSegment.TIMESCALE / 1e6));
        t.editDuration = Math.max(1, mediaEnd - t.editMediaTime);
        // Chunks: runs of samples contiguous in one fragment.
        List<Integer> counts = new ArrayList<>();
        List<Integer> chunkEntries = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        List<Chunk> chunks = new ArrayList<>();
        Map<Integer, long[]> usedBySlot = new HashMap<>();
        long payload = 0;
        int i = 0;
        while (i < n) {
            Sample s = used.get(i);
            int j = i;
            long len = 0;
            while (j < n && used.get(j).fragment == s.fragment && used.get(j).filePos == s.filePos + len) {
                len += used.get(j).size;
                j++;
            }
            counts.add(j - i);
            chunkEntries.add(s.entry);
            offsets.add(payload);
            chunks.add(new Chunk(slotPath.get(s.fileSlot), s.filePos, len));
            long[] u = usedBySlot.computeIfAbsent(s.fileSlot, k -> new long[2]);
            u[0] += len;
            u[1] += j - i;
            payload += len;
            i = j;
        }
        t.chunkSampleCount = counts.stream().mapToInt(Integer::intValue).toArray();
        t.chunkEntry = chunkEntries.stream().mapToInt(Integer::intValue).toArray();
        t.chunkDataOffset = offsets.stream().mapToLong(Long::longValue).toArray();
        byte[] head = ProgressiveMp4.head(t, payload);
        List<Source> sources = new ArrayList<>();
        for (int slot = 0; slot < slotFile.size(); slot++) {
            long[] u = usedBySlot.get(slot);
            if (u != null) {
                SampleTable.SourceFile f = slotFile.get(slot);
                sources.add(new Source(f.fileId(), f.path(), f.state(), f.sha256(), u[0], (int) u[1], slotNode.get(slot)));
            }
        }
        List<Span> gaps = gapFinder.between(actualFrom, actualTo);
        return new Plan(camera, from, to, actualFrom, actualTo, base, n, head, chunks, head.length + payload, sources, gaps);
    }

    /** Writes the planned export to {@code out} and its manifest to {@code out.manifest.json}. */
    public Result write(Plan plan, Path out) throws IOException {
        return write(plan, out, null);
    }

    /** As {@link #write(Plan, Path)}, reporting the bytes written so far to {@code progress} (may be null). */
    public Result write(Plan plan, Path out, java.util.function.LongConsumer progress) throws IOException {
        CompletableFuture<String> sha = CompletableFuture.supplyAsync(() -> hash(plan));
        copy(plan, out, progress);
        String digest;
        try {
            digest = sha.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while hashing the export", e);
        } catch (ExecutionException e) {
            throw new IOException("could not hash the export: " + e.getCause().getMessage(), e.getCause());
        }
        String manifest = manifest(plan, out.getFileName().toString(), digest);
        Path manifestFile = out.resolveSibling(out.getFileName() + ".manifest.json");
        Files.writeString(manifestFile, manifest);
        return new Result(out, plan.size(), digest, manifestFile, manifest, plan);
    }

    /**
     * Writes only the export's bytes: the head, then each chunk copied from its source file by the
     * kernel ({@code transferTo}), never through the Java heap.
     */
    public static void copy(Plan plan, Path out) throws IOException {
        copy(plan, out, null);
    }

    /** As {@link #copy(Plan, Path)}, reporting progress in bytes (may be null). */
    public static void copy(Plan plan, Path out, java.util.function.LongConsumer progress) throws IOException {
        try (FileChannel dst = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer head = ByteBuffer.wrap(plan.head());
            while (head.hasRemaining()) {
                dst.write(head);
            }
            Map<Path, FileChannel> sources = new HashMap<>();
            try {
                long position = plan.head().length;
                for (Chunk c : plan.chunks()) {
                    FileChannel src = sources.get(c.file());
                    if (src == null) {
                        src = FileChannel.open(c.file(), StandardOpenOption.READ);
                        sources.put(c.file(), src);
                    }
                    long done = 0;
                    while (done < c.length()) {
                        long n = src.transferTo(c.offset() + done, c.length() - done, dst);
                        if (n <= 0) {
                            throw new IOException("source " + c.file() + " ended before offset " + (c.offset() + c.length()));
                        }
                        done += n;
                        if (progress != null) {
                            progress.accept(position + done);
                        }
                    }
                    position += c.length();
                }
                if (position != plan.size()) {
                    throw new IOException("wrote " + position + " bytes, planned " + plan.size());
                }
            } finally {
                for (FileChannel ch : sources.values()) {
                    ch.close();
                }
            }
        }
    }

    /** Plans and writes in one call. */
    public Result export(String camera, long from, long to, Path out) throws IOException {
        return write(plan(camera, from, to), out);
    }

    /** SHA-256 of the export computed from the plan (head + source byte ranges, mapped, no copy to disk). */
    public static String hash(Plan plan) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(plan.head());
            Map<Path, FileChannel> sources = new HashMap<>();
            try {
                for (Chunk c : plan.chunks()) {
                    FileChannel src = sources.get(c.file());
                    if (src == null) {
                        src = FileChannel.open(c.file(), StandardOpenOption.READ);
                        sources.put(c.file(), src);
                    }
                    MappedByteBuffer m = src.map(FileChannel.MapMode.READ_ONLY, c.offset(), c.length());
                    md.update(m);
                }
            } finally {
                for (FileChannel ch : sources.values()) {
                    ch.close();
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The manifest JSON of an export. */
    public static String manifest(Plan plan, String fileName, String sha256) {
        ObjectNode m = JSON.createObjectNode();
        m.put("format", "nightjar-export/1");
        m.put("camera", plan.camera());
        ObjectNode req = m.putObject("requested");
        req.put("from", iso(plan.requestedFrom()));
        req.put("to", iso(plan.requestedTo()));
        req.put("fromMicros", plan.requestedFrom());
        req.put("toMicros", plan.requestedTo());
        ObjectNode act = m.putObject("actual");
        act.put("from", iso(plan.actualFrom()));
        act.put("to", iso(plan.actualTo()));
        act.put("fromMicros", plan.actualFrom());
        act.put("toMicros", plan.actualTo());
        act.put("firstKeyframe", iso(plan.firstSampleMicros()));
        act.put("frames", plan.frames());
        act.put("durationSeconds", (plan.actualTo() - plan.actualFrom()) / 1e6);
        ObjectNode ex = m.putObject("export");
        ex.put("file", fileName);
        ex.put("bytes", plan.size());
        ex.put("sha256", sha256);
        ArrayNode src = m.putArray("sources");
        for (Source s : plan.sources()) {
            ObjectNode o = src.addObject();
            if (s.node() != null) {
                o.put("node", s.node());
            }
            o.put("fileId", s.fileId());
            o.put("path", s.path());
            o.put("state", s.state());
            if (s.sha256() != null) {
                o.put("sha256", s.sha256());
            } else {
                o.putNull("sha256");
                o.put("note", "hash not available yet: the file is still being recorded or sealed");
            }
            o.put("bytesUsed", s.bytesUsed());
            o.put("frames", s.samples());
        }
        ArrayNode gaps = m.putArray("gaps");
        for (Span g : plan.gaps()) {
            ObjectNode o = gaps.addObject();
            o.put("from", iso(g.startMicros()));
            o.put("to", iso(g.endMicros()));
            o.put("reason", g.reason());
        }
        m.put("createdAt", Instant.now().toString());
        m.put("software", "Nightjar 0.1.0");
        m.put("note", "media copied from the source files without re-encoding; playback starts at the requested instant"
                + " through an edit list (the media starts at the keyframe before it)");
        try {
            return JSON.writeValueAsString(m);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String iso(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000).toString();
    }
}
