package io.nightjar.recorder.rtsp;

/**
 * Fuzz target: a camera URL as typed into the configuration, the API or the UI. Bad URLs may
 * only be refused with {@link IllegalArgumentException}; what parses prints without its
 * credentials (logs, health, audit) and has a port that exists.
 */
public final class RtspUrlFuzz {
    private RtspUrlFuzz() {
    }

    public static void fuzzerTestOneInput(byte[] data) {
        String text = new String(data, java.nio.charset.StandardCharsets.UTF_8);
        RtspUrl url;
        try {
            url = RtspUrl.parse(text);
        } catch (IllegalArgumentException refused) {
            return;
        }
        String shown = url.toString();
        if (!shown.equals(url.withCredentials(null).toString())) {
            throw new IllegalStateException("the URL's credentials show in " + shown);
        }
        // resolving a track's control against it stays an rtsp URL
        String track = RtspUrl.resolveControl(shown, "trackID=1");
        if (!track.regionMatches(true, 0, "rtsp", 0, 4)) {
            throw new IllegalStateException("a control resolved to " + track);
        }
        if (url.port() < 1 || url.port() > 65_535) {
            throw new IllegalStateException("port " + url.port() + " parsed");
        }
    }
}
