package io.nightjar.storage.read;

import io.nightjar.storage.index.FileRecord;
import io.nightjar.recorder.media.mp4.FragmentInfo;
import io.nightjar.recorder.media.mp4.FragmentRetimer;
import io.nightjar.recorder.media.mp4.Mp4FormatException;
import io.nightjar.recorder.media.mp4.SegmentFileReader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * One HLS media segment: a run of whole fragments of a segment file, from a keyframe to the next,
 * with every fragment's decode time moved so that the first starts at the playlist's
 * {@code decodeStart}. Only the small fragment headers are rewritten (in memory); the sample data
 * is served straight from the file, so a playlist spanning many files and gaps plays as one
 * continuous timeline behind a single init segment.
 */
public final class HlsSegment {
    /** Longest segment served (a GOP of a 16 Mbit/s camera lasting two minutes is about 240 MB). */
    public static final long MAX_LENGTH = 512L << 20;

    private HlsSegment() {
    }

    /** Part of a segment's bytes: rewritten header bytes, or a range of the file served as it is. */
    public sealed interface Piece permits Header, Stored {
        long length();
    }

    /** Rewritten bytes (a fragment's prft, moof and mdat header). */
    public record Header(byte[] bytes) implements Piece {
        @Override
        public long length() {
            return bytes.length;
        }
    }

    /** Bytes of the file from {@code offset}, unchanged (samples, or padding between fragments). */
    public record Stored(long offset, long length) implements Piece {
    }

    /**
     * The pieces of the segment {@code [offset, offset + length)} of {@code file}.
     *
     * @throws IllegalArgumentException when the range lies outside the indexed fragments of the file
     * @throws Mp4FormatException       when the range does not start and end at fragment boundaries
     */
    public static List<Piece> read(FileChannel ch, FileRecord file, long offset, long length, long decodeStart)
            throws IOException, Mp4FormatException {
        if (offset < file.initLength() || length <= 0 || length > MAX_LENGTH || offset + length > file.bytes() || decodeStart < 0) {
            throw new IllegalArgumentException("segment " + offset + "+" + length + " lies outside the "
                    + file.bytes() + " indexed bytes of file " + file.id());
        }
        long end = offset + length;
        List<Piece> out = new ArrayList<>();
        long pos = offset;
        long shift = Long.MIN_VALUE;
        while (pos < end) {
            long padding = SegmentFileReader.paddingAt(ch, pos);
            if (padding > 0) {
                if (shift == Long.MIN_VALUE || pos + padding > end) {
                    throw new Mp4FormatException("segment " + offset + "+" + length + " does not start and end at fragments");
                }
                out.add(new Stored(pos, padding));
                pos += padding;
                continue;
            }
            FragmentInfo f = SegmentFileReader.readFragment(ch, pos);
            if (f.end() > end) {
                throw new Mp4FormatException("segment end " + end + " cuts the fragment at " + pos);
            }
            if (shift == Long.MIN_VALUE) {
                shift = decodeStart - f.baseDecodeTime();
            }
            out.add(new Header(FragmentRetimer.header(ch, f, f.baseDecodeTime() + shift)));
            out.add(new Stored(f.dataOffset(), f.end() - f.dataOffset()));
            pos = f.end();
        }
        return out;
    }
}
