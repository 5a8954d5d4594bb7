package io.nightjar.benchmarks.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A pre-encoded H.264 clip as access units (NAL units without start codes), made once with ffmpeg
 * (x264, no B-frames, an access unit delimiter per frame) and cached under {@code target/}.
 *
 * @param sps       the sequence parameter set
 * @param pps       the picture parameter set
 * @param frames    per frame, its NAL units (no AUD, SPS or PPS)
 * @param keys      per frame, whether it is an IDR
 * @param fps       frames per second
 */
public record FleetClip(byte[] sps, byte[] pps, List<List<byte[]>> frames, boolean[] keys, int fps, int width, int height) {
    /** The 1080p, 4 Mbit/s, 25 fps main stream of the fleet (10 s, a keyframe every 2 s). */
    public static FleetClip main() throws IOException, InterruptedException {
        return make(1920, 1080, 25, 50, 4000, 10);
    }

    /** The 640x360 sub-stream. */
    public static FleetClip sub() throws IOException, InterruptedException {
        return make(640, 360, 25, 50, 500, 10);
    }

    public static FleetClip make(int width, int height, int fps, int gop, int kbps, int seconds) throws IOException, InterruptedException {
        Path cache = Path.of(System.getProperty("java.io.tmpdir"), "nightjar-fleet-clips");
        Files.createDirectories(cache);
        Path f = cache.resolve(String.format("clip-%dx%d-%dfps-g%d-%dk-%ds.h264", width, height, fps, gop, kbps, seconds));
        if (!Files.exists(f)) {
            Path tmp = f.resolveSibling(f.getFileName() + ".tmp.h264");
            Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc2=size=" + width + "x" + height + ":rate=" + fps, "-t", String.valueOf(seconds), "-c:v", "libx264",
                    "-preset", "veryfast", "-tune", "zerolatency", "-b:v", kbps + "k", "-maxrate", kbps + "k", "-bufsize", (2 * kbps) + "k",
                    "-g", String.valueOf(gop), "-keyint_min", String.valueOf(gop), "-bf", "0", "-pix_fmt", "yuv420p",
                    "-x264-params", "aud=1:repeat-headers=1", "-f", "h264", tmp.toString()).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IOException("ffmpeg could not encode the fleet clip (is ffmpeg with libx264 installed?)");
            }
            Files.move(tmp, f);
        }
        return parse(Files.readAllBytes(f), fps, width, height);
    }

    static FleetClip parse(byte[] annexB, int fps, int width, int height) {
        List<byte[]> nals = io.nightjar.recorder.media.NalUnits.splitAnnexB(annexB);
        byte[] sps = null;
        byte[] pps = null;
        List<List<byte[]>> frames = new ArrayList<>();
        List<Boolean> keys = new ArrayList<>();
        List<byte[]> current = null;
        boolean key = false;
        for (byte[] nal : nals) {
            int type = nal[0] & 0x1F;
            if (type == 9) {
                if (current != null && !current.isEmpty()) {
                    frames.add(current);
                    keys.add(key);
                }
                current = new ArrayList<>();
                key = false;
            } else if (type == 7) {
                sps = nal;
            } else if (type == 8) {
                pps = nal;
            } else if (current != null) {
                current.add(nal);
                key |= type == 5;
            }
        }
        if (current != null && !current.isEmpty()) {
            frames.add(current);
            keys.add(key);
        }
        boolean[] k = new boolean[keys.size()];
        for (int i = 0; i < k.length; i++) {
            k[i] = keys.get(i);
        }
        if (sps == null || pps == null || frames.isEmpty() || !k[0]) {
            throw new IllegalStateException("the clip lacks parameter sets or does not start with a keyframe");
        }
        return new FleetClip(sps, pps, frames, k, fps, width, height);
    }


    public long bytes() {
        long n = 0;
        for (List<byte[]> f : frames) {
            for (byte[] nal : f) {
                n += nal.length;
            }
        }
        return n;
    }
}
