package io.nightjar.recorder.rtsp;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code RTP-Info} header of a PLAY response: per stream URL, the first sequence number and
 * RTP timestamp, and (non-standard, but sent by some cameras instead of the Transport header) the SSRC.
 */
public final class RtpInfo {
    /** One stream's entry; -1 for absent values. */
    public record Entry(String url, int seq, long rtpTime, long ssrc) {
    }

    private RtpInfo() {
    }

    public static List<Entry> parse(String header) {
        List<Entry> out = new ArrayList<>();
        if (header == null) {
            return out;
        }
        // Entries are separated by commas, but URLs may contain commas: split on ",url=".
        String[] entries = header.split(",\\s*(?=url=)");
        for (String e : entries) {
            String url = null;
            int seq = -1;
            long rtptime = -1;
            long ssrc = -1;
            for (String p : e.split(";")) {
                String part = p.trim();
                int eq = part.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String name = part.substring(0, eq).trim().toLowerCase(java.util.Locale.ROOT);
                String value = part.substring(eq + 1).trim();
                try {
                    switch (name) {
                        case "url":
                            url = value;
                            break;
                        case "seq":
                            seq = Integer.parseInt(value) & 0xFFFF;
                            break;
                        case "rtptime":
                            rtptime = Long.parseLong(value) & 0xFFFFFFFFL;
                            break;
                        case "ssrc":
                            ssrc = Long.parseLong(value, 16) & 0xFFFFFFFFL;
                            break;
                        default:
                            break;
                    }
                } catch (NumberFormatException ex) {
                    // leave the value absent
                }
            }
            out.add(new Entry(url, seq, rtptime, ssrc));
        }
        return out;
    }

    /** The entry for a track control URL: exact match, else suffix match, else the only entry. */
    public static Entry forTrack(List<Entry> entries, String trackUrl, int trackIndex) {
        for (Entry e : entries) {
            if (e.url() != null && e.url().equals(trackUrl)) {
                return e;
            }
        }
        for (Entry e : entries) {
            if (e.url() != null && (trackUrl.endsWith(e.url()) || e.url().endsWith(lastSegment(trackUrl)))) {
                return e;
            }
        }
        if (entries.size() == 1) {
            return entries.get(0);
        }
        return trackIndex < entries.size() ? entries.get(trackIndex) : null;
    }

    private static String lastSegment(String url) {
        int slash = url.lastIndexOf('/');
        return slash < 0 ? url : url.substring(slash + 1);
    }
}
