package io.nightjar.storage.read;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.nightjar.recorder.media.CodecConfig;
import io.nightjar.storage.StorageLayout;
import io.nightjar.storage.index.FileRecord;
import io.nightjar.storage.index.FragmentRecord;
import io.nightjar.storage.index.TimeIndex;
import io.nightjar.recorder.media.mp4.Boxes;
import io.nightjar.recorder.media.mp4.FragmentInfo;
import io.nightjar.recorder.media.mp4.Mp4FormatException;
import io.nightjar.recorder.media.mp4.SampleEntries;
import io.nightjar.recorder.media.mp4.SegmentFileReader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Recorded access units of one camera in time order, from the keyframe at or before {@code from}
 * (so the first frame decodes) to {@code to}, read fragment by fragment from the segment files:
 * what RTSP playback and snapshots at a time decode. Not thread-safe; blocks on file reads.
 */
public final class RecordedFrames implements AutoCloseable {
    /**
     * One access unit; the caller owns {@code data} (length-prefixed NAL units) and releases it.
     *
     * @param wallMicros    UTC µs
     * @param durationTicks 90 kHz
     * @param config        the codec configuration of its file
     */
    public record Frame(long wallMicros, int durationTicks, boolean key, ByteBuf data, CodecConfig config) {
    }

    private final TimeIndex index;
    private final StorageLayout layout;
    private final String camera;
    private final long to;
    private final ArrayDeque<Frame> pending = new ArrayDeque<>();
    private long cursor;
    private long currentFileId = -1;
    private FileChannel file;
    private CodecConfig config;

    public RecordedFrames(TimeIndex index, StorageLayout layout, String camera, long from, long to) {
        this.index = index;
        this.layout = layout;
        this.camera = camera;
        this.to = to;
        this.cursor = index.fragments().playbackStart(camera, from);
    }

    /** The next frame before {@code to}, or null at the end of the footage. */
    public Frame next() throws IOException, Mp4FormatException {
        while (pending.isEmpty()) {
            if (!load()) {
                return null;
            }
        }
        Frame f = pending.peekFirst();
        if (f.wallMicros() >= to) {
            return null;
        }
        return pending.pollFirst();
    }

    private boolean load() throws IOException, Mp4FormatException {
        List<FragmentRecord> next = new ArrayList<>(1);
        index.fragments().forEach(camera, cursor, to, f -> {
            next.add(f);
            return false;
        });
        if (next.isEmpty()) {
            return false;
        }
        FragmentRecord fr = next.get(0);
        cursor = fr.startMicros() + 1;
        if (fr.fileId() != currentFileId) {
            closeFile();
            FileRecord f = index.files().get(fr.fileId());
            if (f == null) {
                return true; // deleted meanwhile: go on with the next fragment
            }
            file = FileChannel.open(layout.resolve(f.path()));
            currentFileId = fr.fileId();
            config = SampleEntries.codecConfig(SegmentFileReader.readInit(file).sampleEntry());
        }
        FragmentInfo info = SegmentFileReader.readFragment(file, fr.offset());
        long total = 0;
        for (int size : info.sampleSizes()) {
            total += size;
        }
        ByteBuf data = PooledByteBufAllocator.DEFAULT.directBuffer((int) total);
        try {
            while (data.readableBytes() < total) {
                int n = data.writeBytes(file, info.dataOffset() + data.readableBytes(), (int) total - data.readableBytes());
                if (n < 0) {
                    throw new IOException("fragment at " + fr.offset() + " of " + camera + " is cut short");
                }
            }
            long ticks = 0;
            int pos = 0;
            for (int i = 0; i < info.samples(); i++) {
                int size = info.sampleSizes()[i];
                long wall = fr.startMicros() + ticks * 1_000_000L / 90_000;
                pending.addLast(new Frame(wall, info.sampleDurations()[i], Boxes.isKey(info.sampleFlags()[i]),
                        data.retainedSlice(pos, size), config));
                pos += size;
                ticks += info.sampleDurations()[i];
            }
        } finally {
            data.release();
        }
        return true;
    }

    private void closeFile() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException ignored) {
                // read-only
            }
            file = null;
            currentFileId = -1;
        }
    }

    @Override
    public void close() {
        Frame f;
        while ((f = pending.pollFirst()) != null) {
            f.data().release();
        }
        closeFile();
    }
}
