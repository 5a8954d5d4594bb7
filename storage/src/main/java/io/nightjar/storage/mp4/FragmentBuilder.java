package io.nightjar.storage.mp4;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.nightjar.recorder.rtp.SenderReport;

/**
 * Accumulates one fragment's samples (access units copied out of the ring) and serializes it as
 * {@code prft} + {@code moof} + {@code mdat}. The {@code prft} (producer reference time, ISO-BMFF
 * 8.16.5) records the UTC wall clock of the first sample, so recovery can index a fragment from
 * the file alone. One instance per camera, reused fragment after fragment.
 */
public final class FragmentBuilder {
    private final ByteBufAllocator allocator;
    private ByteBuf data;
    private int[] sizes = new int[64];
    private int[] durations = new int[64];
    private int[] flags = new int[64];
    private long[] pts = new long[64];
    private int count;
    private long firstWallMicros;
    private long lastWallMicros;
    private int lastDuration = 3600;

    public FragmentBuilder(ByteBufAllocator allocator) {
        this.allocator = allocator;
    }

    public int sampleCount() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    public long firstPts() {
        return pts[0];
    }

    public long firstWallMicros() {
        return firstWallMicros;
    }

    public long lastWallMicros() {
        return lastWallMicros;
    }

    public boolean startsWithKey() {
        return count > 0 && Boxes.isKey(flags[0]);
    }

    public int dataBytes() {
        return data == null ? 0 : data.readableBytes();
    }

    /** Appends an access unit (copies its bytes). */
    public void add(ByteBuf payload, long pts90k, long wallMicros, boolean key) {
        if (count == sizes.length) {
            grow();
        }
        if (data == null) {
            data = allocator.directBuffer(Math.max(256 * 1024, payload.readableBytes() * 2));
        }
        int size = payload.readableBytes();
        data.writeBytes(payload, payload.readerIndex(), size);
        if (count > 0) {
            durations[count - 1] = duration(pts[count - 1], pts90k);
        } else {
            firstWallMicros = wallMicros;
        }
        sizes[count] = size;
        flags[count] = Boxes.sampleFlags(key);
        pts[count] = pts90k;
        lastWallMicros = wallMicros;
        count++;
    }

    private int duration(long from, long to) {
        long d = to - from;
        if (d <= 0 || d > 10L * InitSegment.TIMESCALE) {
            return lastDuration; // B-frames or a glitch: keep the cadence instead of a broken timeline
        }
        lastDuration = (int) d;
        return lastDuration;
    }

    /** Duration of the whole fragment in 90 kHz ticks, the last sample's taken from {@code nextPts}. */
    public long durationTicks(long nextPts) {
        long sum = 0;
        for (int i = 0; i < count - 1; i++) {
            sum += durations[i];
        }
        return sum + (nextPts == Long.MIN_VALUE ? lastDuration : duration(pts[count - 1], nextPts));
    }

    /**
     * Writes {@code prft + moof + mdat header} into {@code header}; the mdat body is
     * {@link #data()}.
     *
     * @param sequence        moof sequence number (1-based, per file)
     * @param baseDecodeTime  decode time of the first sample in the file's timeline
     * @param nextPts         the next access unit's pts, for the last duration, or Long.MIN_VALUE
     */
    public void writeHeader(ByteBuf header, long sequence, long baseDecodeTime, long nextPts) {
        if (count == 0) {
            throw new IllegalStateException("empty fragment");
        }
        durations[count - 1] = nextPts == Long.MIN_VALUE ? lastDuration : duration(pts[count - 1], nextPts);
        int prft = Boxes.beginFull(header, "prft", 1, 0);
        header.writeInt(InitSegment.TRACK_ID);
        header.writeLong(SenderReport.ntpFromUnixMicros(firstWallMicros));
        header.writeLong(baseDecodeTime);
        Boxes.end(header, prft);
        int moof = Boxes.begin(header, "moof");
        int mfhd = Boxes.beginFull(header, "mfhd", 0, 0);
        header.writeInt((int) sequence);
        Boxes.end(header, mfhd);
        int traf = Boxes.begin(header, "traf");
        int tfhd = Boxes.beginFull(header, "tfhd", 0, 0x020000); // default-base-is-moof
        header.writeInt(InitSegment.TRACK_ID);
        Boxes.end(header, tfhd);
        int tfdt = Boxes.beginFull(header, "tfdt", 1, 0);
        header.writeLong(baseDecodeTime);
        Boxes.end(header, tfdt);
        int trun = Boxes.beginFull(header, "trun", 0, 0x000001 | 0x000100 | 0x000200 | 0x000400);
        header.writeInt(count);
        int dataOffsetAt = header.writerIndex();
        header.writeInt(0);
        for (int i = 0; i < count; i++) {
            header.writeInt(durations[i]);
            header.writeInt(sizes[i]);
            header.writeInt(flags[i]);
        }
        Boxes.end(header, trun);
        Boxes.end(header, traf);
        Boxes.end(header, moof);
        int moofSize = header.writerIndex() - moof;
        header.setInt(dataOffsetAt, moofSize + 8);
        header.writeInt(8 + data.readableBytes());
        header.writeInt(Boxes.fourcc("mdat"));
    }

    /** The mdat body: sample bytes in order. */
    public ByteBuf data() {
        return data;
    }

    /** Empties the builder for the next fragment (keeps its buffers). */
    public void clear() {
        count = 0;
        if (data != null) {
            data.clear();
            if (data.capacity() > 16 * 1024 * 1024) {
                data.release(); // an unusual giant fragment: do not keep its memory
                data = null;
            }
        }
    }

    /** Releases the buffer for good. */
    public void release() {
        count = 0;
        if (data != null) {
            data.release();
            data = null;
        }
    }

    private void grow() {
        int n = sizes.length * 2;
        sizes = java.util.Arrays.copyOf(sizes, n);
        durations = java.util.Arrays.copyOf(durations, n);
        flags = java.util.Arrays.copyOf(flags, n);
        pts = java.util.Arrays.copyOf(pts, n);
    }
}
