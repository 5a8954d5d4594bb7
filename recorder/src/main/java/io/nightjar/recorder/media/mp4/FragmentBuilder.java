package io.nightjar.recorder.media.mp4;

import io.netty.buffer.ByteBuf;
import io.nightjar.recorder.memory.MemoryBudget;
import io.nightjar.recorder.memory.MemoryUse;
import io.nightjar.recorder.ring.PayloadRecycler;
import io.nightjar.recorder.ring.Payloads;
import io.nightjar.recorder.rtp.SenderReport;

/**
 * Accumulates one fragment's samples and serializes it as {@code prft} + {@code moof} + {@code
 * mdat}. The {@code prft} (producer reference time, ISO-BMFF 8.16.5) records the UTC wall clock of
 * the first sample, so recovery can index a fragment from the file alone. One instance per camera,
 * reused fragment after fragment.
 *
 * <p>Samples are not copied: the builder retains the ring's payloads (4-byte length-prefixed NAL
 * units are already the {@code mdat} body) and lets go of them, home to their producer, when the
 * fragment has been written and {@link #clear()}ed. What it holds is charged to the footage
 * {@link MemoryBudget} (the writer's under {@link MemoryUse#FRAGMENTS}): the writer never allocates for footage,
 * so it never waits for memory that only its own progress would free.
 */
public final class FragmentBuilder {
    private final MemoryBudget budget;
    private final MemoryUse use;
    private ByteBuf[] samples = new ByteBuf[64];
    private PayloadRecycler[] recyclers = new PayloadRecycler[64];
    private int[] sizes = new int[64];
    private int[] durations = new int[64];
    private int[] flags = new int[64];
    private long[] pts = new long[64];
    private int count;
    private long dataBytes;
    private long charged;
    private long firstWallMicros;
    private long lastWallMicros;
    private int lastDuration = 3600;

    /**
     * @param budget where the retained payloads are accounted
     * @param use    what they are charged as ({@link MemoryUse#FRAGMENTS} for the writer)
     */
    public FragmentBuilder(MemoryBudget budget, MemoryUse use) {
        this.budget = budget;
        this.use = use;
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

    /** Bytes of the mdat body. */
    public int dataBytes() {
        return (int) dataBytes;
    }

    /**
     * Appends an access unit, retaining {@code payload} (its readable bytes are the sample) until
     * {@link #clear()}, which hands it to {@code recycler} (may be null) or releases it.
     */
    public void add(ByteBuf payload, PayloadRecycler recycler, long pts90k, long wallMicros, boolean key) {
        if (count == sizes.length) {
            grow();
        }
        int size = payload.readableBytes();
        if (dataBytes + size > Integer.MAX_VALUE - 1024) {
            throw new IllegalStateException("a fragment cannot hold more than 2 GiB");
        }
        samples[count] = payload.retain();
        recyclers[count] = recycler;
        budget.acquire(use, payload.capacity());
        charged += payload.capacity();
        dataBytes += size;
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

    /** Sample {@code i}'s bytes (its readable bytes; do not modify). */
    public ByteBuf sample(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException(i);
        }
        return samples[i];
    }

    /** Copies the mdat body (every sample in order) into {@code out}. */
    public void copyDataTo(ByteBuf out) {
        for (int i = 0; i < count; i++) {
            ByteBuf b = samples[i];
            out.writeBytes(b, b.readerIndex(), sizes[i]);
        }
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
     * the samples ({@link #sample(int)}).
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
        header.writeInt((int) (8 + dataBytes));
        header.writeInt(Boxes.fourcc("mdat"));
    }

    /** Lets go of every sample (home to its producer) and empties the builder for the next fragment. */
    public void clear() {
        for (int i = 0; i < count; i++) {
            Payloads.release(samples[i], recyclers[i]);
            samples[i] = null;
            recyclers[i] = null;
        }
        budget.release(use, charged);
        charged = 0;
        dataBytes = 0;
        count = 0;
    }

    /** The same as {@link #clear()}: the builder holds nothing else. */
    public void release() {
        clear();
    }

    private void grow() {
        int n = sizes.length * 2;
        sizes = java.util.Arrays.copyOf(sizes, n);
        durations = java.util.Arrays.copyOf(durations, n);
        flags = java.util.Arrays.copyOf(flags, n);
        pts = java.util.Arrays.copyOf(pts, n);
        samples = java.util.Arrays.copyOf(samples, n);
        recyclers = java.util.Arrays.copyOf(recyclers, n);
    }
}
