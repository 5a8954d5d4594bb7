package io.nightjar.storage.writer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.nightjar.recorder.media.CodecConfig;
import io.nightjar.recorder.memory.MemoryBudget;
import io.nightjar.recorder.memory.MemoryUse;
import io.nightjar.recorder.ring.PayloadRecycler;
import io.nightjar.recorder.ring.RunStart;
import io.nightjar.recorder.ring.FrameView;
import io.nightjar.recorder.stats.Counter;
import io.nightjar.storage.StorageLayout;
import io.nightjar.storage.index.FileEnd;
import io.nightjar.storage.index.FileRecord;
import io.nightjar.storage.index.FragmentRecord;
import io.nightjar.storage.index.TimeIndex;
import io.nightjar.recorder.media.mp4.FragmentBuilder;
import io.nightjar.recorder.media.mp4.InitSegment;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera's recording on the writer thread: the open segment file, the fragment being built,
 * and the rules for cutting them.
 *
 * <ul>
 *   <li>A new file starts on a new run ({@link RunStart}: connect or reconnect, SSRC change,
 *   timestamp jump, frames shed or dropped before it; the file before ends with that reason),
 *   on a codec configuration change, and at the first keyframe after {@code segmentMinutes}. A file
 *   always starts with a keyframe; frames before it are counted and dropped.</li>
 *   <li>A fragment is written at each keyframe and once it holds {@code fragmentMaxMillis} of
 *   media, then indexed in the writer's batch (bytes first, index second). Its samples are the
 *   ring's payloads, retained, not copies. Fragments are not cut early when memory is tight:
 *   each O_DIRECT write waits for the device, so five times the writes made the writer slower
 *   exactly when it was behind (400 cameras, consecutive runs: 39.8 MB/s written with early cuts,
 *   152-157 MB/s without).</li>
 *   <li>A write error (disk full) closes the file at its last complete fragment, reports the error
 *   in words, drops this camera's frames for {@code diskRetryMillis}, then tries a new file. Other
 *   cameras are not affected.</li>
 * </ul>
 */
final class CameraRecording {
    private static final Logger LOG = LoggerFactory.getLogger(CameraRecording.class);

    final String camera;
    final Counter framesWritten = new Counter();
    final Counter fragmentsWritten = new Counter();
    final Counter bytesWritten = new Counter();
    final Counter framesDropped = new Counter();
    private final Counter[] droppedBy = {new Counter(), new Counter()}; // by WriterDrop ordinal
    final Counter filesWritten = new Counter();
    final Counter writeErrors = new Counter();

    private final StorageLayout layout;
    private final TimeIndex index;
    private final WriterSettings settings;
    private final Durability durability;
    private final FragmentBuilder fragment;
    private final ByteBuf header;
    private final SegmentIo io;
    private final long fragmentMaxTicks;
    private ByteBuf[] parts = new ByteBuf[65];
    private final java.util.ArrayList<Unconfirmed> unconfirmed = new java.util.ArrayList<>();
    private FileRecord confirmedFile;
    private final long segmentMicros;

    private volatile String lastError;
    private volatile long lastFrameWallMicros;
    private volatile long indexedUntilMicros;
    private volatile String currentPath;

    private SegmentOutput out;
    private FileRecord file;
    private CodecConfig config;
    private long firstPts;
    private long sequence;
    private long lastFragmentStart = Long.MIN_VALUE;
    private long lastFrameNanos;
    private long retryAtNanos;
    private long[] arrivals = new long[64];
    private int arrivalCount;

    /** The cluster epoch this camera is recorded under (read when a file starts and at keyframes). */
    private final CameraEpochs epochs;

    /** Told each write's size before it is made (the free-space floor). */
    private final java.util.function.LongConsumer spaceUse;

    CameraRecording(String camera, StorageLayout layout, TimeIndex index, WriterSettings settings, Durability durability,
                    MemoryBudget budget, SegmentIo io, java.util.function.LongConsumer spaceUse, CameraEpochs epochs) {
        this.spaceUse = spaceUse;
        this.epochs = epochs;
        this.camera = camera;
        this.layout = layout;
        this.index = index;
        this.settings = settings;
        this.durability = durability;
        this.fragment = new FragmentBuilder(budget, MemoryUse.FRAGMENTS);
        this.header = Unpooled.buffer(16 * 1024);
        this.io = io;
        this.fragmentMaxTicks = settings.fragmentMaxMillis() * 90L;
        this.segmentMicros = settings.segmentMinutes() * 60_000_000L;
    }

    /** Continues the fragment-key sequence after a restart (keys must stay unique). */
    void resumeAfter(long lastIndexedStart) {
        lastFragmentStart = Math.max(lastFragmentStart, lastIndexedStart);
    }

    /**
     * Records one access unit (a ring slot, or a frame replayed from a pre-roll buffer). The payload
     * is retained until its fragment is written, then handed to its recycler (may be null).
     */
    void onFrame(FrameView f, TimeIndex.Batch batch, SegmentWriter.PendingLatency latency) {
        ByteBuf payload = f.payload();
        PayloadRecycler recycler = f.recycler();
        long pts90k = f.pts90k();
        long wallMicros = f.wallMicros();
        long arrivalNanos = f.arrivalNanos();
        boolean key = f.key();
        RunStart runStart = f.runStart();
        CodecConfig frameConfig = f.config();
        lastFrameNanos = System.nanoTime();
        lastFrameWallMicros = wallMicros;
        if (retryAtNanos != 0) {
            if (lastFrameNanos < retryAtNanos) {
                drop(WriterDrop.DISK_ERROR, 1);
                return;
            }
            retryAtNanos = 0;
        }
        FileEnd cut = cutReason(key, runStart, wallMicros, frameConfig);
        if (cut != null) {
            if (out != null) {
                close(cut, batch, latency);
            }
            if (!key) {
                drop(WriterDrop.AWAITING_KEYFRAME, 1); // a file must start with a keyframe
                return;
            }
            if (!open(pts90k, wallMicros, frameConfig)) {
                return;
            }
        }
        if (!fragment.isEmpty() && (key || pts90k - fragment.firstPts() >= fragmentMaxTicks)) {
            writeFragment(pts90k, batch, latency);
            if (out == null) {
                drop(WriterDrop.DISK_ERROR, 1);
                return;
            }
        }
        fragment.add(payload, recycler, pts90k, wallMicros, key);
        if (arrivalCount == arrivals.length) {
            arrivals = java.util.Arrays.copyOf(arrivals, arrivals.length * 2);
        }
        arrivals[arrivalCount++] = arrivalNanos;
        framesWritten.increment();
    }

    /** "A file must be started": no file is open (never stored: nothing is closed then). */
    private static final FileEnd NO_FILE = FileEnd.of(FileEnd.Kind.UNKNOWN, "start");
    private static final FileEnd ROTATION = FileEnd.of(FileEnd.Kind.ROTATION, "rotation");
    private static final FileEnd NEW_EPOCH = FileEnd.of(FileEnd.Kind.NEW_EPOCH, "the camera's cluster assignment changed epoch");

    /** Why the file must end before this frame, or null. */
    private FileEnd cutReason(boolean key, RunStart runStart, long wallMicros, CodecConfig frameConfig) {
        if (out == null) {
            return NO_FILE;
        }
        if (runStart != RunStart.NONE) {
            return FileEnd.newRun(runStart);
        }
        if (frameConfig != config && !frameConfig.equals(config)) {
            return FileEnd.of(FileEnd.Kind.CODEC_CHANGED, "codec configuration changed to " + frameConfig);
        }
        if (key && wallMicros - file.startMicros() >= segmentMicros) {
            return ROTATION;
        }
        if (key && epochs.of(camera) != file.epoch()) {
            return NEW_EPOCH;
        }
        return null;
    }

    private boolean open(long pts90k, long wallMicros, CodecConfig frameConfig) {
        Path path = layout.newSegmentPath(camera, wallMicros);
        long id = index.newFileId();
        SegmentOutput o = null;
        try {
            Files.createDirectories(path.getParent());
            try {
                o = SegmentOutput.create(path, settings.directIo(), io);
            } catch (FileAlreadyExistsException exists) {
                path = path.resolveSibling(path.getFileName().toString().replace(".mp4", "-" + id + ".mp4"));
                o = SegmentOutput.create(path, settings.directIo(), io);
            }
            byte[] init = InitSegment.build(frameConfig);
            spaceUse.accept(init.length);
            o.append(Unpooled.wrappedBuffer(init));
            file = new FileRecord(id, camera, layout.toIndexPath(path), wallMicros, wallMicros, o.position(),
                    FileRecord.State.OPEN, null, frameConfig.codecString(), init.length, 0, null, epochs.of(camera));
            index.files().put(file); // before any fragment refers to it (the write-ahead log keeps the order)
            confirmedFile = file;
            out = o;
            config = frameConfig;
            firstPts = pts90k;
            sequence = 0;
            currentPath = file.path();
            filesWritten.increment();
            if (lastError != null) { // only disk errors are kept there
                LOG.info("{}: recording again into {}", camera, path);
                lastError = null;
            }
            return true;
        } catch (IOException | RuntimeException ex) {
            closeQuietly(o);
            deleteQuietly(path);
            diskError("cannot start a segment file " + path + ": " + ex.getMessage());
            return false;
        }
    }

    private void writeFragment(long nextPts, TimeIndex.Batch batch, SegmentWriter.PendingLatency latency) {
        header.clear();
        long baseDecode = fragment.firstPts() - firstPts;
        fragment.writeHeader(header, ++sequence, baseDecode, nextPts);
        int headerLength = header.readableBytes();
        int length = headerLength + fragment.dataBytes();
        long offset;
        int count = fragment.sampleCount() + 1;
        if (parts.length < count) {
            parts = new ByteBuf[Math.max(count, parts.length * 2)];
        }
        parts[0] = header;
        for (int i = 1; i < count; i++) {
            parts[i] = fragment.sample(i - 1);
        }
        spaceUse.accept(length);
        try {
            offset = out.append(parts, count);
        } catch (IOException ex) {
            java.util.Arrays.fill(parts, 0, count, null);
            drop(WriterDrop.DISK_ERROR, fragment.sampleCount());
            fragment.clear();
            arrivalCount = 0;
            confirm(batch); // indexes what reached the file before the failure, then seals it there
            return;
        }
        java.util.Arrays.fill(parts, 0, count, null);
        long ticks = fragment.durationTicks(nextPts);
        long start = Math.max(fragment.firstWallMicros(), lastFragmentStart + 1);
        lastFragmentStart = start;
        int durationMicros = (int) Math.min(Integer.MAX_VALUE, ticks * 1_000_000L / InitSegment.TIMESCALE);
        file = file.withProgress(start + durationMicros, out.position(), file.fragments() + 1);
        // indexed only once its bytes are in the file (the write may still be in flight): see confirm()
        unconfirmed.add(new Unconfirmed(new FragmentRecord(camera, start, file.id(), offset, length, durationMicros,
                fragment.sampleCount(), fragment.startsWithKey()), file));
        for (int i = 0; i < arrivalCount; i++) {
            latency.add(arrivals[i]);
        }
        arrivalCount = 0;
        fragment.clear();
        durability.written(out.channel());
    }

    /** A fragment appended to the file whose write may not have completed yet, and the file record after it. */
    private record Unconfirmed(FragmentRecord fragment, FileRecord file) {
    }

    /** True while fragments wait for their writes before they can be indexed. */
    boolean hasUnconfirmed() {
        return !unconfirmed.isEmpty();
    }

    /**
     * Waits for this file's writes and adds the fragments that reached it to {@code batch}: bytes
     * first, index second. After a failed write the file is cut back to the first failed write, the
     * fragments from there on are dropped (counted), and the file is sealed with what it holds; the
     * camera then retries after {@code diskRetryMillis}, other cameras are not affected.
     */
    void confirm(TimeIndex.Batch batch) {
        if (out == null) {
            return;
        }
        IOException failure = null;
        try {
            out.awaitWrites();
        } catch (IOException e) {
            failure = e;
        }
        long bad = failure == null ? Long.MAX_VALUE : out.failedAt();
        FileRecord good = null;
        for (Unconfirmed u : unconfirmed) {
            FragmentRecord fr = u.fragment();
            if (fr.offset() < bad) {
                batch.addFragment(fr);
                good = u.file();
                indexedUntilMicros = fr.startMicros() + fr.durationMicros();
                fragmentsWritten.increment();
                bytesWritten.add(fr.length());
            } else {
                drop(WriterDrop.DISK_ERROR, fr.frames());
            }
        }
        unconfirmed.clear();
        if (good != null) {
            batch.updateFile(good);
            confirmedFile = good;
        }
        if (failure != null) {
            writeErrors.increment();
            out.truncateQuietly(Math.min(bad, confirmedFile.bytes()));
            file = confirmedFile;
            String reason = "disk error: " + failure.getMessage() + " writing " + file.path();
            seal(FileEnd.of(FileEnd.Kind.DISK_ERROR, reason), batch, null); // hashed again from what is on disk
            diskError(reason);
        }
    }

    /** Writes the fragment being built, if any, and keeps the file open. */
    void flushFragment(TimeIndex.Batch batch, SegmentWriter.PendingLatency latency) {
        if (out != null && !fragment.isEmpty()) {
            writeFragment(Long.MIN_VALUE, batch, latency);
        }
    }

    /** Writes the pending fragment and closes the file. */
    void close(FileEnd reason, TimeIndex.Batch batch, SegmentWriter.PendingLatency latency) {
        if (out == null) {
            return;
        }
        if (!fragment.isEmpty()) {
            writeFragment(Long.MIN_VALUE, batch, latency);
        }
        if (out != null) {
            sealFile(reason, batch);
        }
    }

    private void sealFile(FileEnd reason, TimeIndex.Batch batch) {
        confirm(batch);
        if (out != null) { // confirm() seals the file itself after a failed write
            seal(reason, batch, out.sha256());
        }
    }

    private void seal(FileEnd reason, TimeIndex.Batch batch, String sha256) {
        batch.commit(); // fragments first, then the closed record
        file = file.closed(reason);
        index.files().put(file);
        durability.close(out.channel(), file.id(), sha256);
        out = null;
        config = null;
        currentPath = null;
    }

    /** How long a released camera must be silent before its file is closed (its last frames may still be in the ring). */
    static final long RELEASED_QUIET_NANOS = 1_000_000_000L;
    private static final FileEnd MOVED = FileEnd.of(FileEnd.Kind.MOVED, "the cluster moved the camera to another node");

    /** Closes the file if the camera has been silent too long, or a moment after the cluster moved it away. */
    void closeIfIdle(long nowNanos, TimeIndex.Batch batch, SegmentWriter.PendingLatency latency) {
        if (out != null && nowNanos - lastFrameNanos > RELEASED_QUIET_NANOS && epochs.released(camera)) {
            close(MOVED, batch, latency);
        } else if (out != null && nowNanos - lastFrameNanos > settings.idleCloseMillis() * 1_000_000L) {
            close(FileEnd.of(FileEnd.Kind.CAMERA_STOPPED, "camera stopped sending (no frames for " + settings.idleCloseMillis() / 1000
                    + " s)"), batch, latency);
        }
    }

    private void diskError(String message) {
        writeErrors.increment();
        lastError = message;
        retryAtNanos = System.nanoTime() + settings.diskRetryMillis() * 1_000_000L;
        LOG.error("{}: {}; this camera's frames are dropped for {} ms, other cameras keep recording",
                camera, message, settings.diskRetryMillis());
    }

    private void drop(WriterDrop why, long frames) {
        framesDropped.add(frames);
        droppedBy[why.ordinal()].add(frames);
    }

    void release() {
        fragment.release();
        header.release();
    }

    CameraStatus status() {
        return new CameraStatus(camera, out != null ? WriterState.RECORDING : retryAtNanos != 0 ? WriterState.DISK_ERROR : WriterState.IDLE,
                lastError, currentPath, framesWritten.get(), fragmentsWritten.get(), bytesWritten.get(),
                framesDropped.get(), filesWritten.get(), writeErrors.get(), lastFrameWallMicros, indexedUntilMicros, droppedByReason());
    }

    private java.util.Map<WriterDrop, Long> droppedByReason() {
        java.util.Map<WriterDrop, Long> m = new java.util.EnumMap<>(WriterDrop.class);
        for (WriterDrop d : WriterDrop.values()) {
            m.put(d, droppedBy[d.ordinal()].get());
        }
        return m;
    }

    private static void closeQuietly(SegmentOutput o) {
        if (o != null) {
            try {
                o.close();
            } catch (IOException ignored) {
                // nothing to add
            }
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // nothing to add
        }
    }
}
