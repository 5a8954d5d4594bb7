package io.nightjar.recorder.probe;

import io.nightjar.recorder.rtsp.RtspFailure;
import java.util.List;
import java.util.Locale;

/**
 * What a probe found.
 *
 * @param url            the camera URL without credentials
 * @param failure        why the probe failed, or null when it streamed
 * @param transport      TCP or UDP (after any fallback)
 * @param authScheme     "none", "basic", "digest MD5", "digest SHA-256"
 * @param server         the Server header (firmware), or null
 * @param tool           the SDP a=tool / s= line, or null
 * @param tracks         the recorded track and the ones not supported
 * @param codec          "H264"/"H265" with the RFC 6381 string
 * @param width          picture width
 * @param height         picture height
 * @param measuredFps    frames per second, from the frames' timestamps
 * @param declaredFps    frame rate from SPS/SDP, 0 when not declared
 * @param gopFrames      frames per GOP, 0 when fewer than two keyframes arrived
 * @param bitrate        bits per second, the frames' bytes over the time their timestamps cover
 * @param frames         access units received (what fps and bitrate are based on)
 * @param spanSeconds    seconds between the first and last frame's timestamps
 * @param packetsLost    RTP packets lost
 * @param packetsReceived RTP packets received
 * @param firstFrameMillis milliseconds from start to the first frame, -1 if none
 * @param notes          quirks seen and handled
 */
public record ProbeReport(String url, RtspFailure failure, String transport, String authScheme, String server,
                          String tool, List<String> tracks, String codec, int width, int height, double measuredFps,
                          double declaredFps, int gopFrames, double bitrate, long frames, double spanSeconds, long packetsLost,
                          long packetsReceived, long firstFrameMillis, List<String> notes) {

    public boolean ok() {
        return failure == null;
    }

    /** Multi-line text for a terminal; on failure a single line with the reason. */
    public String format() {
        if (failure != null) {
            return "FAILED " + url + ": " + failure;
        }
        StringBuilder sb = new StringBuilder();
        sb.append("camera     ").append(url).append('\n');
        sb.append("server     ").append(server == null ? "(not sent)" : server).append('\n');
        sb.append("sdp tool   ").append(tool == null ? "(none)" : tool).append('\n');
        sb.append("transport  ").append(transport).append('\n');
        sb.append("auth       ").append(authScheme).append('\n');
        sb.append("tracks     ").append(String.join("; ", tracks)).append('\n');
        sb.append("codec      ").append(codec).append('\n');
        sb.append("resolution ").append(width).append('x').append(height).append('\n');
        sb.append(String.format(Locale.ROOT, "fps        %.2f measured%s (from the timestamps of %d frames over %.2f s)%n", measuredFps,
                declaredFps > 0 ? String.format(Locale.ROOT, ", %.2f declared", declaredFps) : "", frames, spanSeconds));
        sb.append("gop        ").append(gopFrames > 0 ? gopFrames + " frames" : "(fewer than two keyframes seen)").append('\n');
        sb.append(String.format(Locale.ROOT, "bitrate    %.0f kbit/s (%.0f kB/s)%n", bitrate / 1000, bitrate / 8000));
        double lossPct = packetsReceived + packetsLost == 0 ? 0 : 100.0 * packetsLost / (packetsReceived + packetsLost);
        sb.append(String.format(Locale.ROOT, "loss       %d of %d packets (%.2f%%)%n", packetsLost, packetsReceived + packetsLost, lossPct));
        sb.append("frames     ").append(frames).append(" (first after ").append(firstFrameMillis).append(" ms)");
        for (String n : notes) {
            sb.append('\n').append("note       ").append(n);
        }
        return sb.toString();
    }
}
