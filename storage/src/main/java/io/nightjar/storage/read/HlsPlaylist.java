package io.nightjar.storage.read;

import io.nightjar.storage.index.FileRecord;
import io.nightjar.storage.index.FragmentRecord;
import io.nightjar.storage.index.TimeIndex;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * An HLS VOD playlist (RFC 8216, version 7) for any time range, served straight from the segment
 * files: {@code EXT-X-MAP} names a file's init segment by byte range, each fragment is an
 * {@code EXT-X-BYTERANGE} of the same file, and files are separated by {@code EXT-X-DISCONTINUITY}.
 * Playback starts at the keyframe at or before the requested start.
 */
public final class HlsPlaylist {
    private HlsPlaylist() {
    }

    /**
     * @param uriOf the URI clients use for a file (an HTTP path, or a local path for ffmpeg)
     * @return the playlist, or null when no footage lies in the range
     */
    public static String vod(TimeIndex index, String camera, long from, long to, Function<FileRecord, String> uriOf) {
        List<FragmentRecord> fragments = index.fragments(camera, index.playbackStart(camera, from), to);
        if (fragments.isEmpty()) {
            return null;
        }
        Map<Long, FileRecord> files = new HashMap<>();
        double target = 1;
        for (FragmentRecord f : fragments) {
            target = Math.max(target, f.durationMicros() / 1e6);
        }
        StringBuilder sb = new StringBuilder(64 + fragments.size() * 80);
        sb.append("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        sb.append("#EXT-X-TARGETDURATION:").append((long) Math.ceil(target)).append('\n');
        sb.append("#EXT-X-MEDIA-SEQUENCE:0\n");
        long currentFile = -1;
        long expectedNext = -1;
        for (FragmentRecord f : fragments) {
            FileRecord file = files.computeIfAbsent(f.fileId(), index::file);
            if (file == null) {
                continue; // deleted while we read
            }
            if (f.fileId() != currentFile) {
                if (currentFile != -1) {
                    sb.append("#EXT-X-DISCONTINUITY\n");
                }
                sb.append("#EXT-X-PROGRAM-DATE-TIME:").append(Instant.ofEpochSecond(0, f.startMicros() * 1000)).append('\n');
                sb.append("#EXT-X-MAP:URI=\"").append(uriOf.apply(file)).append("\",BYTERANGE=\"")
                        .append(file.initLength()).append("@0\"\n");
                currentFile = f.fileId();
            } else if (expectedNext >= 0 && f.startMicros() - expectedNext > SpanQuery.TOLERANCE_MICROS) {
                sb.append("#EXT-X-PROGRAM-DATE-TIME:").append(Instant.ofEpochSecond(0, f.startMicros() * 1000)).append('\n');
            }
            sb.append(String.format(Locale.ROOT, "#EXTINF:%.3f,%n", f.durationMicros() / 1e6));
            sb.append("#EXT-X-BYTERANGE:").append(f.length()).append('@').append(f.offset()).append('\n');
            sb.append(uriOf.apply(file)).append('\n');
            expectedNext = f.endMicros();
        }
        sb.append("#EXT-X-ENDLIST\n");
        return sb.toString();
    }
}
