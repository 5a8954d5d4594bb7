package io.nightjar.storage.read;

import io.nightjar.storage.index.FileRecord;
import io.nightjar.storage.index.FragmentRecord;
import io.nightjar.storage.index.TimeIndex;
import io.nightjar.recorder.media.mp4.InitSegment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * An HLS VOD playlist (RFC 8216) for any time range, in the one form that ffmpeg, GStreamer, VLC,
 * hls.js and native players all accept:
 * <ul>
 *   <li>Every segment starts at a keyframe: it is the run of a file's fragments from one keyframe
 *   to the next, so {@code EXT-X-INDEPENDENT-SEGMENTS} is true (it is declared only when it is).</li>
 *   <li>One {@code EXT-X-MAP} for as long as the codec configuration stays the same, across file
 *   rotations and gaps: files of one configuration have identical init segments, so players never
 *   see a second {@code moov}. A new map, after {@code EXT-X-DISCONTINUITY}, only where the
 *   configuration really changes.</li>
 *   <li>One continuous timeline: each segment URI names the decode time its first sample is given
 *   ({@link HlsSegment} rewrites the fragment headers), so timestamps never go back at a file
 *   boundary or after a gap. Wall-clock time is in {@code EXT-X-PROGRAM-DATE-TIME} on every
 *   segment, so the time of any frame is known across gaps.</li>
 * </ul>
 * Playback starts at the keyframe at or before the requested start.
 */
public final class HlsPlaylist {
    private HlsPlaylist() {
    }

    /** Where clients fetch what a playlist names. */
    public interface Uris {
        /** The init segment (ftyp + moov) of a file. */
        String init(FileRecord file);

        /** The media segment {@code [offset, offset + length)} of a file, its first sample at {@code decodeStart} (90 kHz). */
        String segment(FileRecord file, long offset, long length, long decodeStart);
    }

    /** A media segment being gathered: whole fragments of one file, contiguous but for padding. */
    private static final class Segment {
        final FileRecord file;
        final long offset;
        final long startMicros;
        final boolean key;
        long end;
        long durationMicros;
        long lastEndMicros;

        Segment(FileRecord file, FragmentRecord first) {
            this.file = file;
            this.offset = first.offset();
            this.startMicros = first.startMicros();
            this.key = first.key();
            add(first);
        }

        void add(FragmentRecord f) {
            end = f.offset() + f.length();
            durationMicros += f.durationMicros();
            lastEndMicros = f.endMicros();
        }
    }

    /** Largest gap between fragments of one segment: the padding of direct I/O (a block, far below this). */
    private static final long MAX_PADDING = 1 << 20;

    /**
     * @param sameInit whether two files have identical init segments (one map serves both)
     * @return the playlist, or null when no footage lies in the range
     */
    public static String vod(TimeIndex index, String camera, long from, long to, Uris uris, BiPredicate<FileRecord, FileRecord> sameInit) {
        List<FragmentRecord> fragments = index.fragments().range(camera, index.fragments().playbackStart(camera, from), to);
        List<Segment> segments = new ArrayList<>();
        Map<Long, FileRecord> files = new HashMap<>();
        Segment current = null;
        for (FragmentRecord f : fragments) {
            FileRecord file = files.computeIfAbsent(f.fileId(), index.files()::get);
            if (file == null || file.state() == FileRecord.State.DELETING) {
                continue; // deleted while we read
            }
            boolean continues = current != null && current.file.id() == f.fileId() && !f.key()
                    && f.offset() >= current.end && f.offset() - current.end <= MAX_PADDING;
            if (continues) {
                current.add(f);
            } else {
                current = new Segment(file, f);
                segments.add(current);
            }
        }
        if (segments.isEmpty()) {
            return null;
        }
        boolean independent = true;
        long target = 1;
        for (Segment s : segments) {
            independent &= s.key;
            target = Math.max(target, (long) Math.ceil(s.durationMicros / 1e6));
        }
        StringBuilder sb = new StringBuilder(256 + segments.size() * 160);
        sb.append("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-PLAYLIST-TYPE:VOD\n");
        if (independent) {
            sb.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        }
        sb.append("#EXT-X-TARGETDURATION:").append(target).append('\n');
        sb.append("#EXT-X-MEDIA-SEQUENCE:0\n");
        FileRecord mapped = null;
        long decode = 0;
        for (Segment s : segments) {
            if (mapped == null || (mapped.id() != s.file.id() && !sameInit.test(mapped, s.file))) {
                if (mapped != null) {
                    sb.append("#EXT-X-DISCONTINUITY\n"); // the encoding changes: a new init segment
                }
                sb.append("#EXT-X-MAP:URI=\"").append(uris.init(s.file)).append("\"\n");
                mapped = s.file;
            }
            sb.append("#EXT-X-PROGRAM-DATE-TIME:").append(Instant.ofEpochSecond(0, s.startMicros * 1000)).append('\n');
            sb.append(String.format(Locale.ROOT, "#EXTINF:%.6f,%n", s.durationMicros / 1e6));
            sb.append(uris.segment(s.file, s.offset, s.end - s.offset, decode)).append('\n');
            decode += Math.round(s.durationMicros * (InitSegment.TIMESCALE / 1e6));
        }
        sb.append("#EXT-X-ENDLIST\n");
        return sb.toString();
    }
}
