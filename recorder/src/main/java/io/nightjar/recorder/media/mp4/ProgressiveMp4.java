package io.nightjar.recorder.media.mp4;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * Builds the head of a progressive (non-fragmented) MP4: {@code ftyp}, a {@code moov} whose
 * sample tables describe samples copied from segment files, and the {@code mdat} header. The
 * samples themselves are copied after the head, chunk by chunk, untouched. An edit list makes
 * playback start at the requested instant although the media starts at the keyframe before it.
 */
public final class ProgressiveMp4 {
    /** Sample tables of the export; arrays are indexed by sample or by chunk. */
    public static final class Tables {
        public byte[][] sampleEntries;
        public int width;
        public int height;
        public int[] sampleSizes;
        public int[] sampleDurations;
        public boolean[] sync;
        public int[] chunkSampleCount;
        public int[] chunkEntry;
        /** Offset of each chunk from the start of the mdat payload. */
        public long[] chunkDataOffset;
        public long mediaDurationTicks;
        /** Edit: media time where presentation starts, and how long it lasts (both 90 kHz). */
        public long editMediaTime;
        public long editDuration;
    }

    private ProgressiveMp4() {
    }

    /**
     * @param mdatPayloadBytes total bytes of the samples
     * @return ftyp + moov + mdat header; chunk offsets in moov point past this head
     */
    public static byte[] head(Tables t, long mdatPayloadBytes) {
        boolean large = mdatPayloadBytes + 8 > 0xFFFFFFFFL;
        byte[] probe = build(t, 0, large, mdatPayloadBytes);
        return build(t, probe.length, large, mdatPayloadBytes); // co64 is fixed width: same size
    }

    private static byte[] build(Tables t, long headSize, boolean large, long payload) {
        ByteBuf out = Unpooled.buffer(4096 + t.sampleSizes.length * 12 + t.chunkDataOffset.length * 20);
        int ftyp = Boxes.begin(out, "ftyp");
        out.writeInt(Boxes.fourcc("isom"));
        out.writeInt(0x200);
        out.writeInt(Boxes.fourcc("isom"));
        out.writeInt(Boxes.fourcc("iso2"));
        out.writeInt(Boxes.fourcc("mp41"));
        String entryType = new String(t.sampleEntries[0], 4, 4, StandardCharsets.ISO_8859_1);
        out.writeInt(Boxes.fourcc(entryType));
        Boxes.end(out, ftyp);

        int moov = Boxes.begin(out, "moov");
        InitSegment.writeMvhd(out, InitSegment.TIMESCALE, t.editDuration);
        int trak = Boxes.begin(out, "trak");
        writeTkhd(out, t);
        int edts = Boxes.begin(out, "edts");
        int elst = Boxes.beginFull(out, "elst", 1, 0);
        out.writeInt(1);
        out.writeLong(t.editDuration);
        out.writeLong(t.editMediaTime);
        out.writeShort(1);
        out.writeShort(0);
        Boxes.end(out, elst);
        Boxes.end(out, edts);
        int mdia = Boxes.begin(out, "mdia");
        InitSegment.writeMdhd(out, t.mediaDurationTicks);
        InitSegment.writeHdlr(out);
        int minf = Boxes.begin(out, "minf");
        InitSegment.writeVmhdDinf(out);
        int stbl = Boxes.begin(out, "stbl");
        int stsd = Boxes.beginFull(out, "stsd", 0, 0);
        out.writeInt(t.sampleEntries.length);
        for (byte[] entry : t.sampleEntries) {
            out.writeBytes(entry);
        }
        Boxes.end(out, stsd);
        writeStts(out, t.sampleDurations);
        writeStss(out, t.sync);
        writeStsc(out, t);
        int stsz = Boxes.beginFull(out, "stsz", 0, 0);
        out.writeInt(0);
        out.writeInt(t.sampleSizes.length);
        for (int s : t.sampleSizes) {
            out.writeInt(s);
        }
        Boxes.end(out, stsz);
        int co64 = Boxes.beginFull(out, "co64", 0, 0);
        out.writeInt(t.chunkDataOffset.length);
        long dataStart = headSize;
        for (long o : t.chunkDataOffset) {
            out.writeLong(dataStart + o);
        }
        Boxes.end(out, co64);
        Boxes.end(out, stbl);
        Boxes.end(out, minf);
        Boxes.end(out, mdia);
        Boxes.end(out, trak);
        Boxes.end(out, moov);
        if (large) {
            out.writeInt(1);
            out.writeInt(Boxes.fourcc("mdat"));
            out.writeLong(payload + 16);
        } else {
            out.writeInt((int) (payload + 8));
            out.writeInt(Boxes.fourcc("mdat"));
        }
        byte[] b = new byte[out.readableBytes()];
        out.readBytes(b);
        return b;
    }

    private static void writeTkhd(ByteBuf out, Tables t) {
        int b = Boxes.beginFull(out, "tkhd", 1, 3);
        out.writeLong(0);
        out.writeLong(0);
        out.writeInt(InitSegment.TRACK_ID);
        out.writeInt(0);
        out.writeLong(t.editDuration);
        out.writeZero(8);
        out.writeShort(0);
        out.writeShort(0);
        out.writeShort(0);
        out.writeShort(0);
        Boxes.unityMatrix(out);
        out.writeInt(t.width << 16);
        out.writeInt(t.height << 16);
        Boxes.end(out, b);
    }

    private static void writeStts(ByteBuf out, int[] durations) {
        int b = Boxes.beginFull(out, "stts", 0, 0);
        int countAt = out.writerIndex();
        out.writeInt(0);
        int entries = 0;
        int i = 0;
        while (i < durations.length) {
            int j = i;
            while (j < durations.length && durations[j] == durations[i]) {
                j++;
            }
            out.writeInt(j - i);
            out.writeInt(durations[i]);
            entries++;
            i = j;
        }
        out.setInt(countAt, entries);
        Boxes.end(out, b);
    }

    private static void writeStss(ByteBuf out, boolean[] sync) {
        int n = 0;
        for (boolean s : sync) {
            n += s ? 1 : 0;
        }
        if (n == sync.length) {
            return; // every sample is a sync sample: stss is omitted
        }
        int b = Boxes.beginFull(out, "stss", 0, 0);
        out.writeInt(n);
        for (int i = 0; i < sync.length; i++) {
            if (sync[i]) {
                out.writeInt(i + 1);
            }
        }
        Boxes.end(out, b);
    }

    private static void writeStsc(ByteBuf out, Tables t) {
        int b = Boxes.beginFull(out, "stsc", 0, 0);
        int countAt = out.writerIndex();
        out.writeInt(0);
        int entries = 0;
        for (int c = 0; c < t.chunkSampleCount.length; c++) {
            if (c == 0 || t.chunkSampleCount[c] != t.chunkSampleCount[c - 1] || t.chunkEntry[c] != t.chunkEntry[c - 1]) {
                out.writeInt(c + 1);
                out.writeInt(t.chunkSampleCount[c]);
                out.writeInt(t.chunkEntry[c]);
                entries++;
            }
        }
        out.setInt(countAt, entries);
        Boxes.end(out, b);
    }
}
