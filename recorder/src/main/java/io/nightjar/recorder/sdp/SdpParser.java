package io.nightjar.recorder.sdp;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses SDP text. Lenient: malformed lines other than {@code m=} are skipped with a warning.
 * Throws {@link SdpParseException} only when the description is unusable: too large, not SDP at
 * all, or an m= line that cannot be read.
 */
public final class SdpParser {
    /** Cameras send a few kilobytes; anything this large is not an SDP we should trust. */
    public static final int MAX_LENGTH = 64 * 1024;

    private SdpParser() {
    }

    public static SessionDescription parse(String text) throws SdpParseException {
        if (text == null || text.isBlank()) {
            throw new SdpParseException("empty SDP");
        }
        if (text.length() > MAX_LENGTH) {
            throw new SdpParseException("SDP of " + text.length() + " characters exceeds the " + MAX_LENGTH + " limit");
        }
        String[] lines = text.split("\r\n|\r|\n");
        String sessionName = null;
        String tool = null;
        String sessionControl = null;
        List<String> warnings = new ArrayList<>();
        List<MediaDescription> media = new ArrayList<>();
        MediaBuilder current = null;
        boolean sawAnyField = false;
        for (int n = 0; n < lines.length; n++) {
            String line = stripTrailing(lines[n]);
            if (line.isEmpty()) {
                continue;
            }
            int lineNo = n + 1;
            if (line.length() < 2 || line.charAt(1) != '=' || !Character.isLetter(line.charAt(0))) {
                warnings.add("line " + lineNo + ": not a <type>=<value> line, skipped");
                continue;
            }
            sawAnyField = true;
            char type = line.charAt(0);
            String value = line.substring(2);
            switch (type) {
                case 's':
                    if (current == null) {
                        sessionName = value.trim();
                    }
                    break;
                case 'm':
                    if (current != null) {
                        media.add(current.build());
                    }
                    current = MediaBuilder.parse(value, lineNo);
                    break;
                case 'a': {
                    int colon = value.indexOf(':');
                    String name = (colon < 0 ? value : value.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
                    String attr = colon < 0 ? "" : value.substring(colon + 1).trim();
                    if (current == null) {
                        if (name.equals("tool")) {
                            tool = attr;
                        } else if (name.equals("control")) {
                            sessionControl = attr;
                        }
                    } else {
                        current.attribute(name, attr, lineNo, warnings);
                    }
                    break;
                }
                default:
                    break; // v, o, c, t, b, i, ... are not needed to pull a stream
            }
        }
        if (!sawAnyField) {
            throw new SdpParseException("no SDP fields found");
        }
        if (current != null) {
            media.add(current.build());
        }
        return new SessionDescription(sessionName, tool, sessionControl, Collections.unmodifiableList(media),
                Collections.unmodifiableList(warnings));
    }

    private static String stripTrailing(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(0, end);
    }

    /** Parses {@code key=value;key=value} format parameters; keys lower-cased, values trimmed. */
    public static Map<String, String> parseFmtpParameters(String params) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : params.split(";")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq < 0) {
                out.put(p.toLowerCase(Locale.ROOT), "");
            } else {
                out.put(p.substring(0, eq).trim().toLowerCase(Locale.ROOT), p.substring(eq + 1).trim());
            }
        }
        return out;
    }

    private static final class MediaBuilder {
        final String media;
        final int port;
        final String protocol;
        final List<Integer> formats;
        String control;
        double framerate;
        final Map<Integer, MediaDescription.RtpMap> rtpmaps = new LinkedHashMap<>();
        final Map<Integer, Map<String, String>> fmtps = new LinkedHashMap<>();
        final List<Map.Entry<String, String>> attributes = new ArrayList<>();

        private MediaBuilder(String media, int port, String protocol, List<Integer> formats) {
            this.media = media;
            this.port = port;
            this.protocol = protocol;
            this.formats = formats;
        }

        static MediaBuilder parse(String value, int lineNo) throws SdpParseException {
            String[] f = value.trim().split("\\s+");
            if (f.length < 3) {
                throw new SdpParseException("line " + lineNo + ": m= line needs <media> <port> <proto> <fmt>..., got '" + clip(value) + "'");
            }
            int port;
            try {
                String p = f[1];
                int slash = p.indexOf('/');
                port = Integer.parseInt(slash < 0 ? p : p.substring(0, slash));
            } catch (NumberFormatException e) {
                throw new SdpParseException("line " + lineNo + ": m= port '" + clip(f[1]) + "' is not a number");
            }
            if (port < 0 || port > 65535) {
                throw new SdpParseException("line " + lineNo + ": m= port " + port + " out of range");
            }
            List<Integer> formats = new ArrayList<>();
            for (int i = 3; i < f.length; i++) {
                try {
                    int pt = Integer.parseInt(f[i]);
                    if (pt >= 0 && pt <= 127) {
                        formats.add(pt);
                    }
                } catch (NumberFormatException e) {
                    // non-RTP formats (e.g. "webrtc-datachannel") are not payload types
                }
            }
            return new MediaBuilder(f[0].toLowerCase(Locale.ROOT), port, f[2], Collections.unmodifiableList(formats));
        }

        void attribute(String name, String value, int lineNo, List<String> warnings) {
            attributes.add(new AbstractMap.SimpleImmutableEntry<>(name, value));
            switch (name) {
                case "control":
                    control = value;
                    break;
                case "rtpmap": {
                    String[] f = value.split("\\s+", 2);
                    Integer pt = parsePt(f[0]);
                    if (pt == null || f.length < 2) {
                        warnings.add("line " + lineNo + ": rtpmap '" + clip(value) + "' unreadable, skipped");
                        return;
                    }
                    String[] enc = f[1].trim().split("/");
                    if (enc.length == 0 || enc[0].isBlank()) {
                        // found by SdpParserFuzz: "a=rtpmap:96 /" threw ArrayIndexOutOfBoundsException out of the parser
                        warnings.add("line " + lineNo + ": rtpmap '" + clip(value) + "' has no encoding name, skipped");
                        return;
                    }
                    int clock = 0;
                    if (enc.length > 1) {
                        try {
                            clock = Integer.parseInt(enc[1].trim());
                        } catch (NumberFormatException e) {
                            warnings.add("line " + lineNo + ": rtpmap clock rate '" + clip(enc[1]) + "' unreadable");
                        }
                    }
                    rtpmaps.put(pt, new MediaDescription.RtpMap(pt, enc[0].trim(), clock));
                    break;
                }
                case "fmtp": {
                    String[] f = value.split("\\s+", 2);
                    Integer pt = parsePt(f[0]);
                    if (pt == null) {
                        warnings.add("line " + lineNo + ": fmtp '" + clip(value) + "' unreadable, skipped");
                        return;
                    }
                    fmtps.put(pt, Collections.unmodifiableMap(parseFmtpParameters(f.length > 1 ? f[1] : "")));
                    break;
                }
                case "framerate":
                    try {
                        double fr = Double.parseDouble(value);
                        if (fr > 0 && fr < 1000) {
                            framerate = fr;
                        }
                    } catch (NumberFormatException e) {
                        warnings.add("line " + lineNo + ": framerate '" + clip(value) + "' unreadable");
                    }
                    break;
                default:
                    break;
            }
        }

        private static Integer parsePt(String s) {
            try {
                int pt = Integer.parseInt(s.trim());
                return pt >= 0 && pt <= 127 ? pt : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }

        MediaDescription build() {
            return new MediaDescription(media, port, protocol, formats, control, Collections.unmodifiableMap(rtpmaps),
                    Collections.unmodifiableMap(fmtps), framerate, Collections.unmodifiableList(attributes));
        }
    }

    static String clip(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
