package io.nightjar.recorder.testing;

import io.nightjar.recorder.media.NalUnits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real encoded video for tests: access units as 4-byte length-prefixed NAL units, first one a
 * keyframe with its parameter sets in-band. The small clips most tests use are committed
 * ({@code clips/} beside this class, encoded by ffmpeg 5.1 with the command {@code encode} runs: a shorter clip
 * is the committed one's first seconds); any other is made once per JVM by ffmpeg
 * (libx264/libx265) from a lavfi test source.
 */
public final class TestClips {
    private static final Map<String, Clip> CACHE = new ConcurrentHashMap<>();

    /** An encoded clip. */
    public record Clip(String codec, int width, int height, int fps, List<byte[]> accessUnits, List<Boolean> keys) {
        public int size() {
            return accessUnits.size();
        }

        /** The codec configuration from the first access unit's in-band parameter sets. */
        public io.nightjar.recorder.media.CodecConfig config() {
            byte[] vps = null;
            byte[] sps = null;
            byte[] pps = null;
            boolean h264 = codec.equals("h264");
            for (byte[] nal : NalUnits.splitLengthPrefixed(accessUnits.get(0))) {
                int type = h264 ? NalUnits.h264Type(nal[0]) : NalUnits.h265Type(nal[0]);
                if (type == (h264 ? NalUnits.H264_SPS : NalUnits.H265_SPS)) {
                    sps = nal;
                } else if (type == (h264 ? NalUnits.H264_PPS : NalUnits.H265_PPS)) {
                    pps = nal;
                } else if (!h264 && type == NalUnits.H265_VPS) {
                    vps = nal;
                }
            }
            try {
                return h264 ? io.nightjar.recorder.media.CodecConfig.h264(sps, pps)
                        : io.nightjar.recorder.media.CodecConfig.h265(vps, sps, pps);
            } catch (io.nightjar.recorder.media.MalformedBitstreamException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private TestClips() {
    }

    public static Clip h264(int width, int height, int fps, int gop, int seconds) {
        return make("h264", width, height, fps, gop, seconds, "testsrc2");
    }

    public static Clip h265(int width, int height, int fps, int gop, int seconds) {
        return make("h265", width, height, fps, gop, seconds, "testsrc2");
    }

    /** A clip from any lavfi source graph (for analytics scenarios). */
    public static Clip make(String codec, int width, int height, int fps, int gop, int seconds, String lavfi) {
        String key = codec + width + "x" + height + "@" + fps + "g" + gop + "s" + seconds + lavfi;
        return CACHE.computeIfAbsent(key, k -> {
            Clip committed = lavfi.equals("testsrc2") ? committed(codec, width, height, fps, gop, seconds) : null;
            return committed != null ? committed : encode(codec, width, height, fps, gop, seconds, lavfi);
        });
    }

    /** Committed clips: codec, size, rate, keyframe interval, and how many seconds each holds. */
    private static final List<String> COMMITTED = List.of("h264-320x180-25fps-gop25-4s", "h265-320x180-25fps-gop25-1s");

    /** The first {@code seconds} of a committed clip with these parameters, or null if there is none. */
    private static Clip committed(String codec, int width, int height, int fps, int gop, int seconds) {
        String prefix = codec + "-" + width + "x" + height + "-" + fps + "fps-gop" + gop + "-";
        for (String name : COMMITTED) {
            if (name.startsWith(prefix) && seconds <= Integer.parseInt(name.substring(prefix.length(), name.length() - 1))) {
                try (java.io.InputStream in = TestClips.class.getResourceAsStream("clips/" + name + "." + codec)) {
                    if (in == null) {
                        throw new IllegalStateException("the committed test clip clips/" + name + "." + codec + " is missing");
                    }
                    Clip whole = parse(codec, width, height, fps, in.readAllBytes());
                    int n = Math.min(whole.size(), seconds * fps);
                    return new Clip(codec, width, height, fps, whole.accessUnits().subList(0, n), whole.keys().subList(0, n));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return null;
    }

    private static Clip encode(String codec, int width, int height, int fps, int gop, int seconds, String lavfi) {
        try {
            Path out = Files.createTempFile("clip", codec.equals("h264") ? ".h264" : ".h265");
            out.toFile().deleteOnExit();
            String source = lavfi.contains("=") ? lavfi : lavfi + "=size=" + width + "x" + height + ":rate=" + fps;
            List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", source,
                    "-t", String.valueOf(seconds), "-pix_fmt", "yuv420p", "-s", width + "x" + height, "-r", String.valueOf(fps)));
            if (codec.equals("h264")) {
                cmd.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-profile:v", "high",
                        "-x264-params", "keyint=" + gop + ":min-keyint=" + gop + ":scenecut=0:aud=1:repeat-headers=1:sliced-threads=0",
                        "-bsf:v", "h264_mp4toannexb", "-f", "h264"));
            } else {
                cmd.addAll(List.of("-c:v", "libx265", "-preset", "ultrafast", "-tune", "zerolatency",
                        "-x265-params", "log-level=none:keyint=" + gop + ":min-keyint=" + gop + ":scenecut=0:aud=1:repeat-headers=1",
                        "-f", "hevc"));
            }
            cmd.add(out.toString());
            Tools.Result r = Tools.run(120, cmd);
            if (r.exitCode() != 0) {
                throw new IllegalStateException("ffmpeg could not encode a test clip: " + r.stderr());
            }
            byte[] stream = Files.readAllBytes(out);
            Files.deleteIfExists(out);
            return parse(codec, width, height, fps, stream);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Splits an Annex B stream (an access unit delimiter before each) into access units. */
    private static Clip parse(String codec, int width, int height, int fps, byte[] stream) {
        boolean h264 = codec.equals("h264");
        List<byte[]> aus = new ArrayList<>();
        List<Boolean> keys = new ArrayList<>();
        List<byte[]> current = new ArrayList<>();
        boolean key = false;
        for (byte[] nal : NalUnits.splitAnnexB(stream)) {
            int type = h264 ? NalUnits.h264Type(nal[0]) : NalUnits.h265Type(nal[0]);
            boolean aud = type == (h264 ? NalUnits.H264_AUD : NalUnits.H265_AUD);
            if (aud && !current.isEmpty()) {
                aus.add(NalUnits.toLengthPrefixed(current));
                keys.add(key);
                current = new ArrayList<>();
                key = false;
            }
            if (!aud) {
                current.add(nal);
                key |= NalUnits.isKey(h264 ? io.nightjar.recorder.media.Codec.H264 : io.nightjar.recorder.media.Codec.H265, type);
            }
        }
        if (!current.isEmpty()) {
            aus.add(NalUnits.toLengthPrefixed(current));
            keys.add(key);
        }
        return new Clip(codec, width, height, fps, List.copyOf(aus), List.copyOf(keys));
    }
}
