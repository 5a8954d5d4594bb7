package io.nightjar.recorder.media.mp4;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Nightjar segment files: the init segment, and fragments ({@code [prft] moof mdat}) at given
 * offsets or by scanning (which steps over {@code free}/{@code skip} padding between them). Every
 * length is checked against the file size; anything inconsistent is an {@link Mp4FormatException}
 * that says what and where, never a runtime exception.
 */
public final class SegmentFileReader {
    private static final int MAX_MOOV = 1 << 20;
    private static final int MAX_MOOF = 4 << 20;
    private static final long FREE = Boxes.fourcc("free") & 0xFFFFFFFFL;
    private static final long SKIP = Boxes.fourcc("skip") & 0xFFFFFFFFL;

    private SegmentFileReader() {
    }

    /** Scanning result: the complete fragments and where valid data ends. */
    public record Scan(List<FragmentInfo> fragments, long validEnd, String stopReason) {
    }

    public static InitInfo readInit(FileChannel ch) throws IOException, Mp4FormatException {
        return readInit(Source.of(ch));
    }

    /** The init segment held in memory ({@code ftyp}+{@code moov}, e.g. a live view's first binary message). */
    public static InitInfo readInit(byte[] segment) throws Mp4FormatException {
        try {
            return readInit(Source.of(segment));
        } catch (IOException e) {
            throw new Mp4FormatException("init segment of " + segment.length + " bytes is cut short: " + e.getMessage());
        }
    }

    private static InitInfo readInit(Source ch) throws IOException, Mp4FormatException {
        long size = ch.size();
        long pos = 0;
        long[] ftyp = header(ch, pos, size);
        if (ftyp == null || ftyp[1] != Boxes.fourcc("ftyp")) {
            throw new Mp4FormatException("file does not start with an ftyp box");
        }
        pos += ftyp[0];
        long[] moov = header(ch, pos, size);
        if (moov == null || moov[1] != Boxes.fourcc("moov")) {
            throw new Mp4FormatException("no moov box after ftyp at offset " + pos);
        }
        if (moov[0] > MAX_MOOV) {
            throw new Mp4FormatException("moov of " + moov[0] + " bytes is too large for a segment file");
        }
        if (pos + moov[0] > size) {
            // a crash while the init segment was being written (found by SegmentFileFuzz: this was an
            // EOFException, which recovery did not take for damage, so the file stayed open for good)
            throw new Mp4FormatException("moov at " + pos + " (" + moov[0] + " bytes) is cut off by the end of the file (" + size + ")");
        }
        byte[] m = ch.read(pos, (int) moov[0]);
        int stsd = find(m, 8, m.length, "trak", "mdia", "minf", "stbl", "stsd");
        if (stsd < 0) {
            throw new Mp4FormatException("moov has no trak/mdia/minf/stbl/stsd");
        }
        int entry = stsd + 16; // box header 8 + version/flags 4 + entry count 4
        if (entry + 8 > m.length) {
            throw new Mp4FormatException("stsd has no sample entry");
        }
        int entrySize = getInt(m, entry);
        if (entrySize < 86 || entry + entrySize > m.length) {
            throw new Mp4FormatException("sample entry of " + entrySize + " bytes does not fit the moov");
        }
        String fourcc = new String(m, entry + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
        int width = ((m[entry + 32] & 0xFF) << 8) | (m[entry + 33] & 0xFF);
        int height = ((m[entry + 34] & 0xFF) << 8) | (m[entry + 35] & 0xFF);
        byte[] sampleEntry = java.util.Arrays.copyOfRange(m, entry, entry + entrySize);
        return new InitInfo(pos + moov[0], sampleEntry, fourcc, width, height);
    }

    /** Reads the fragment starting at {@code offset}. */
    public static FragmentInfo readFragment(FileChannel ch, long offset) throws IOException, Mp4FormatException {
        return readFragment(Source.of(ch), offset);
    }

    /**
     * A fragment held in memory ({@code [prft] moof mdat}, e.g. one message of a live view); its
     * {@link FragmentInfo#dataOffset()} is an index into {@code message}.
     */
    public static FragmentInfo readFragment(byte[] message) throws Mp4FormatException {
        try {
            return readFragment(Source.of(message), 0);
        } catch (IOException e) {
            throw new Mp4FormatException("fragment of " + message.length + " bytes is cut short: " + e.getMessage());
        }
    }

    private static FragmentInfo readFragment(Source ch, long offset) throws IOException, Mp4FormatException {
        long size = ch.size();
        long pos = offset;
        long wall = -1;
        long[] h = header(ch, pos, size);
        if (h == null) {
            throw new Mp4FormatException("box header at " + pos + " is cut off by the end of the file (" + size + ")");
        }
        if (h[1] == Boxes.fourcc("prft")) {
            if (h[0] < 32 || pos + h[0] > size) {
                throw new Mp4FormatException("prft at " + pos + " is cut short");
            }
            byte[] p = ch.read(pos, 32);
            long ntp = getLong(p, 16);
            wall = new io.nightjar.recorder.rtp.SenderReport(0, ntp, 0).unixMicros();
            pos += h[0];
            h = header(ch, pos, size);
            if (h == null) {
                throw new Mp4FormatException("no moof after the prft at " + offset + " (file ends at " + size + ")");
            }
        }
        if (h[1] != Boxes.fourcc("moof")) {
            throw new Mp4FormatException("expected moof at " + pos + ", found '" + Boxes.fourccString((int) h[1]) + "'");
        }
        if (h[0] > MAX_MOOF || pos + h[0] > size) {
            throw new Mp4FormatException("moof at " + pos + " (" + h[0] + " bytes) is cut off by the end of the file");
        }
        long moofStart = pos;
        byte[] moof = ch.read(pos, (int) h[0]);
        pos += h[0];
        long[] mdat = header(ch, pos, size);
        if (mdat == null || mdat[1] != Boxes.fourcc("mdat")) {
            throw new Mp4FormatException("no mdat after the moof at " + moofStart);
        }
        if (pos + mdat[0] > size) {
            throw new Mp4FormatException("mdat at " + pos + " needs " + mdat[0] + " bytes but the file ends at " + size);
        }
        FragmentInfo f = parseMoof(moof, offset, moofStart, wall, pos + mdat[0] - offset);
        long dataEnd = f.dataOffset();
        for (int s : f.sampleSizes()) {
            dataEnd += s;
        }
        if (f.dataOffset() < pos + 8 || dataEnd > pos + mdat[0]) {
            throw new Mp4FormatException("samples of the fragment at " + offset + " lie outside its mdat");
        }
        return f;
    }

    /** Reads fragments one after another from {@code from} until the end or the first damage. */
    public static Scan scan(FileChannel ch, long from) throws IOException {
        List<FragmentInfo> out = new ArrayList<>();
        long pos = from;
        long size = ch.size();
        Source src = Source.of(ch);
        String reason = "end of file";
        while (pos < size) {
            try {
                long padding = padding(src, pos, size);
                if (padding > 0) {
                    pos += padding;
                    continue;
                }
                FragmentInfo f = readFragment(src, pos);
                out.add(f);
                pos = f.end();
            } catch (Mp4FormatException e) {
                reason = e.getMessage();
                break;
            }
        }
        return new Scan(out, pos, reason);
    }

    /** Length of the padding box ({@code free} or {@code skip}) at {@code pos}, 0 if another box starts there. */
    public static long paddingAt(FileChannel ch, long pos) throws IOException, Mp4FormatException {
        return padding(Source.of(ch), pos, ch.size());
    }

    /**
     * Length of the {@code free} or {@code skip} box at {@code pos} (the padding that aligns
     * fragments written with direct I/O), 0 if another box starts there.
     */
    private static long padding(Source ch, long pos, long size) throws IOException, Mp4FormatException {
        long[] h = header(ch, pos, size);
        if (h == null || (h[1] != FREE && h[1] != SKIP)) {
            return 0;
        }
        if (pos + h[0] > size) {
            throw new Mp4FormatException("padding box at " + pos + " (" + h[0] + " bytes) is cut off by the end of the file (" + size + ")");
        }
        return h[0];
    }

    private static FragmentInfo parseMoof(byte[] m, long fragmentOffset, long moofStart, long wall, long length) throws Mp4FormatException {
        int traf = find(m, 8, m.length, "traf");
        if (traf < 0) {
            throw new Mp4FormatException("moof at " + moofStart + " has no traf");
        }
        int trafEnd = traf + getInt(m, traf);
        long base = moofStart;
        long baseDecodeTime = 0;
        int defaultDuration = 0;
        int defaultSize = 0;
        int defaultFlags = 0;
        int trunAt = -1;
        int trunCount = 0;
        for (int p = traf + 8; p + 8 <= trafEnd; ) {
            int size = getInt(m, p);
            if (size < 8 || p + size > trafEnd) {
                throw new Mp4FormatException("bad box size " + size + " inside the traf at " + moofStart);
            }
            String type = new String(m, p + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            int flags = getInt(m, p + 8) & 0xFFFFFF;
            int version = m[p + 8] & 0xFF;
            if (type.equals("tfhd")) {
                int q = p + 16;
                if ((flags & 0x1) != 0) {
                    base = getLong(m, q);
                    q += 8;
                }
                if ((flags & 0x2) != 0) {
                    q += 4;
                }
                if ((flags & 0x8) != 0) {
                    defaultDuration = getInt(m, q);
                    q += 4;
                }
                if ((flags & 0x10) != 0) {
                    defaultSize = getInt(m, q);
                    q += 4;
                }
                if ((flags & 0x20) != 0) {
                    defaultFlags = getInt(m, q);
                }
            } else if (type.equals("tfdt")) {
                baseDecodeTime = version == 1 ? getLong(m, p + 12) : getInt(m, p + 12) & 0xFFFFFFFFL;
            } else if (type.equals("trun")) {
                trunAt = p;
                trunCount++;
            }
            p += size;
        }
        if (trunCount != 1) {
            throw new Mp4FormatException("the traf at " + moofStart + " has " + trunCount + " trun boxes (one expected)");
        }
        int flags = getInt(m, trunAt + 8) & 0xFFFFFF;
        int count = getInt(m, trunAt + 12);
        int q = trunAt + 16;
        int perSample = Integer.bitCount(flags & 0xF00) * 4;
        int optional = ((flags & 0x1) != 0 ? 4 : 0) + ((flags & 0x4) != 0 ? 4 : 0);
        if (count < 0 || count > 100_000 || 16L + optional + (long) count * perSample > getInt(m, trunAt)) {
            throw new Mp4FormatException("trun at " + moofStart + " claims " + count + " samples that do not fit");
        }
        long dataOffset = base;
        if ((flags & 0x1) != 0) {
            dataOffset += getInt(m, q);
            q += 4;
        }
        int firstFlags = defaultFlags;
        boolean hasFirst = (flags & 0x4) != 0;
        if (hasFirst) {
            firstFlags = getInt(m, q);
            q += 4;
        }
        int[] sizes = new int[count];
        int[] durations = new int[count];
        int[] sflags = new int[count];
        int[] ctos = (flags & 0x800) != 0 ? new int[count] : null;
        for (int i = 0; i < count; i++) {
            durations[i] = (flags & 0x100) != 0 ? getInt(m, q) : defaultDuration;
            q += (flags & 0x100) != 0 ? 4 : 0;
            sizes[i] = (flags & 0x200) != 0 ? getInt(m, q) : defaultSize;
            q += (flags & 0x200) != 0 ? 4 : 0;
            sflags[i] = (flags & 0x400) != 0 ? getInt(m, q) : (i == 0 && hasFirst ? firstFlags : defaultFlags);
            q += (flags & 0x400) != 0 ? 4 : 0;
            if (ctos != null) {
                ctos[i] = getInt(m, q);
                q += 4;
            }
            if (sizes[i] < 0) {
                throw new Mp4FormatException("negative sample size in the trun at " + moofStart);
            }
        }
        return new FragmentInfo(fragmentOffset, length, wall, baseDecodeTime, dataOffset, sizes, durations, sflags, ctos);
    }

    /** {size, fourcc} of the box at pos, or null if its header does not fit the file. */
    private static long[] header(Source ch, long pos, long size) throws IOException {
        if (pos + 8 > size) {
            return null;
        }
        byte[] b = ch.read(pos, 8);
        long boxSize = getInt(b, 0) & 0xFFFFFFFFL;
        int type = getInt(b, 4);
        if (boxSize == 1) {
            if (pos + 16 > size) {
                return null;
            }
            boxSize = getLong(ch.read(pos + 8, 8), 0);
        } else if (boxSize == 0) {
            boxSize = size - pos;
        }
        if (boxSize < 8) {
            return new long[] {8, 0}; // treat as an unknown box so callers report it
        }
        return new long[] {boxSize, type & 0xFFFFFFFFL};
    }

    /** Where boxes are read from: a segment file, or bytes held in memory. */
    private interface Source {
        long size() throws IOException;

        byte[] read(long pos, int n) throws IOException;

        static Source of(FileChannel ch) {
            return new Source() {
                @Override
                public long size() throws IOException {
                    return ch.size();
                }

                @Override
                public byte[] read(long pos, int n) throws IOException {
                    return SegmentFileReader.read(ch, pos, n);
                }
            };
        }

        static Source of(byte[] b) {
            return new Source() {
                @Override
                public long size() {
                    return b.length;
                }

                @Override
                public byte[] read(long pos, int n) throws IOException {
                    if (pos < 0 || pos + n > b.length) {
                        throw new java.io.EOFException("ends at " + b.length + ", " + n + " bytes wanted at " + pos);
                    }
                    return java.util.Arrays.copyOfRange(b, (int) pos, (int) pos + n);
                }
            };
        }
    }

    static byte[] read(FileChannel ch, long pos, int n) throws IOException {
        ByteBuffer bb = ByteBuffer.allocate(n);
        while (bb.hasRemaining()) {
            int r = ch.read(bb, pos + bb.position());
            if (r < 0) {
                throw new java.io.EOFException("file ended at " + (pos + bb.position()));
            }
        }
        return bb.array();
    }

    /** Offset of the box reached by following {@code path} of children from {@code [from, to)}, or -1. */
    static int find(byte[] m, int from, int to, String... path) {
        int start = from;
        int end = to;
        int found = -1;
        for (String type : path) {
            found = -1;
            for (int p = start; p + 8 <= end; ) {
                int size = getInt(m, p);
                if (size < 8 || p + size > end) {
                    return -1;
                }
                if (new String(m, p + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1).equals(type)) {
                    found = p;
                    break;
                }
                p += size;
            }
            if (found < 0) {
                return -1;
            }
            start = found + 8;
            end = found + getInt(m, found);
        }
        return found;
    }

    static int getInt(byte[] b, int i) {
        if (i < 0 || i + 4 > b.length) {
            return -1;
        }
        return ((b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    static long getLong(byte[] b, int i) {
        return ((long) getInt(b, i) << 32) | (getInt(b, i + 4) & 0xFFFFFFFFL);
    }
}
