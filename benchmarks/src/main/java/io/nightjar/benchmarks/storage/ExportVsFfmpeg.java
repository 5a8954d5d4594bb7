package io.nightjar.benchmarks.storage;

import io.netty.buffer.Unpooled;
import io.nightjar.recorder.media.CodecConfig;
import io.nightjar.recorder.media.NalUnits;
import io.nightjar.recorder.ring.FrameDraft;
import io.nightjar.recorder.ring.FrameRing;
import io.nightjar.recorder.ring.RunStart;
import io.nightjar.recorder.ring.StreamRef;
import io.nightjar.storage.Storage;
import io.nightjar.storage.StorageConfig;
import io.nightjar.storage.index.FileRecord;
import io.nightjar.storage.read.Mp4Exporter;
import io.nightjar.storage.retention.RetentionPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Side by side, in one run: exporting one hour of 1080p 4 Mbit/s footage (12 five-minute segment
 * files, page cache warm) as one MP4 with Nightjar's exporter (SHA-256 and manifest included)
 * versus {@code ffmpeg -f concat -c copy} over the same files. Prints both times and the ratio.
 *
 * <p>Usage: {@code benchmarks/export-vs-ffmpeg.sh [work-dir]} (needs ffmpeg; writes ~6 GB).
 */
public final class ExportVsFfmpeg {
    private ExportVsFfmpeg() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "target/export-bench");
        Files.createDirectories(work);
        Path data = work.resolve("data");
        long t0 = 1_795_860_000_000_000L;
        if (!Files.exists(work.resolve("RECORDED"))) {
            record(work, data, t0);
            Files.writeString(work.resolve("RECORDED"), "1 hour\n");
        }
        List<Path> files = new ArrayList<>();
        try (Storage s = open(data)) {
            for (FileRecord f : s.index().files().of("cam")) {
                files.add(s.layout().resolve(f.path()));
            }
        }
        long total = 0;
        for (Path p : files) {
            total += Files.size(p);
            warm(p);
        }
        System.out.printf("footage: %d files, %.2f GB%n", files.size(), total / 1e9);

        // Outputs go to a tmpfs when there is one, so the disk's write speed (405 MB/s here) does
        // not decide the race: this measures the tools, reading warm segment files.
        Path shm = Path.of("/dev/shm");
        Path outDir = Files.isDirectory(shm) ? Files.createTempDirectory(shm, "export-bench") : work;
        Path ours = outDir.resolve("nightjar-export.mp4");
        long[] planNanos = new long[3];
        long[] copyNanos = new long[3];
        long[] fullNanos = new long[3];
        for (int i = 0; i < 3; i++) {
            try (Storage s = open(data)) {
                long a = System.nanoTime();
                Mp4Exporter.Plan plan = s.exporter().plan("cam", t0, t0 + 3_600_000_000L);
                planNanos[i] = System.nanoTime() - a;
                Files.deleteIfExists(ours);
                a = System.nanoTime();
                Mp4Exporter.copy(plan, ours);
                copyNanos[i] = System.nanoTime() - a;
                Files.deleteIfExists(ours);
                a = System.nanoTime();
                Mp4Exporter.Result r = s.exporter().export("cam", t0, t0 + 3_600_000_000L, ours);
                fullNanos[i] = System.nanoTime() - a;
                if (i == 0) {
                    System.out.printf("nightjar export: %d frames, %.2f GB, sha256 %s%n", r.plan().frames(), r.bytes() / 1e9, r.sha256());
                }
                Files.deleteIfExists(ours);
                Files.deleteIfExists(r.manifestFile());
            }
        }
        Path list = work.resolve("concat.txt");
        StringBuilder sb = new StringBuilder();
        for (Path p : files) {
            sb.append("file '").append(p.toAbsolutePath()).append("'\n");
        }
        Files.writeString(list, sb.toString());
        Path theirs = outDir.resolve("ffmpeg-concat.mp4");
        long[] ffNanos = new long[3];
        for (int i = 0; i < 3; i++) {
            Files.deleteIfExists(theirs);
            long a = System.nanoTime();
            Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-f", "concat", "-safe", "0", "-i", list.toString(),
                    "-c", "copy", "-y", theirs.toString()).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("ffmpeg concat failed");
            }
            ffNanos[i] = System.nanoTime() - a;
        }
        Files.deleteIfExists(theirs);
        for (long[] n : new long[][] {planNanos, copyNanos, fullNanos, ffNanos}) {
            Arrays.sort(n);
        }
        System.out.println("output directory: " + outDir);
        System.out.printf("A nightjar plan (moov + byte ranges; served zero-copy by HTTP): median %.3f s  runs %s%n", planNanos[1] / 1e9, secs(planNanos));
        System.out.printf("B nightjar copy of the plan to a file (transferTo):               median %.3f s  runs %s%n", copyNanos[1] / 1e9, secs(copyNanos));
        System.out.printf("C nightjar export to a file with SHA-256 + manifest:             median %.3f s  runs %s%n", fullNanos[1] / 1e9, secs(fullNanos));
        System.out.printf("D ffmpeg -f concat -c copy to a file:                             median %.3f s  runs %s%n", ffNanos[1] / 1e9, secs(ffNanos));
        System.out.printf("ratios D/A %.1fx  D/(A+B) %.1fx  D/C %.1fx%n", (double) ffNanos[1] / planNanos[1],
                (double) ffNanos[1] / (planNanos[1] + copyNanos[1]), (double) ffNanos[1] / fullNanos[1]);
        if (!outDir.equals(work)) {
            Files.deleteIfExists(outDir);
        }
    }

    private static String secs(long[] n) {
        StringBuilder sb = new StringBuilder();
        for (long v : n) {
            sb.append(String.format("%.3f ", v / 1e9));
        }
        return sb.toString().trim();
    }

    private static Storage open(Path data) {
        return Storage.open(StorageConfig.defaults(data).withRetention(RetentionPolicy::unlimited, 0));
    }

    private static void warm(Path p) throws IOException {
        try (var in = Files.newInputStream(p)) {
            byte[] b = new byte[1 << 20];
            while (in.read(b) > 0) {
                // read into the page cache
            }
        }
    }

    /** Encodes 20 s of 1080p at 4 Mbit/s and records it, looped, for one hour of wall time. */
    private static void record(Path work, Path data, long t0) throws Exception {
        Path es = work.resolve("clip.h264");
        Process enc = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                "testsrc2=size=1920x1080:rate=25", "-t", "20", "-vf", "noise=alls=12:allf=t", "-pix_fmt", "yuv420p",
                "-c:v", "libx264", "-preset", "veryfast", "-b:v", "4M", "-maxrate", "4M", "-bufsize", "4M",
                "-x264-params", "keyint=50:min-keyint=50:scenecut=0:aud=1:repeat-headers=1", "-bsf:v", "h264_mp4toannexb",
                "-f", "h264", es.toString()).inheritIO().start();
        if (enc.waitFor() != 0) {
            throw new IllegalStateException("ffmpeg could not encode the clip");
        }
        List<byte[]> aus = new ArrayList<>();
        List<Boolean> keys = new ArrayList<>();
        List<byte[]> current = new ArrayList<>();
        boolean key = false;
        byte[] sps = null;
        byte[] pps = null;
        for (byte[] nal : NalUnits.splitAnnexB(Files.readAllBytes(es))) {
            int type = NalUnits.h264Type(nal[0]);
            if (type == NalUnits.H264_AUD) {
                if (!current.isEmpty()) {
                    aus.add(NalUnits.toLengthPrefixed(current));
                    keys.add(key);
                }
                current = new ArrayList<>();
                key = false;
                continue;
            }
            if (type == NalUnits.H264_SPS && sps == null) {
                sps = nal;
            } else if (type == NalUnits.H264_PPS && pps == null) {
                pps = nal;
            }
            key |= type == NalUnits.H264_IDR;
            current.add(nal);
        }
        aus.add(NalUnits.toLengthPrefixed(current));
        keys.add(key);
        CodecConfig config = CodecConfig.h264(sps, pps);
        try (Storage s = open(data)) {
            FrameRing ring = FrameRing.builder().consumer(s.writer()).start();
            StreamRef cam = StreamRef.main("cam");
            for (int i = 0; i < 90_000; i++) {
                byte[] au = aus.get(i % aus.size());
                while (!ring.tryPublish(cam, i, new FrameDraft().pts90k(i * 3600L).wallMicros(t0 + i * 40_000L).arrivalNanos(System.nanoTime()).key(keys.get(i % aus.size()))
                    .runStart(RunStart.when(i == 0)).config(config).payload(Unpooled.wrappedBuffer(au), null))) {
                    Thread.sleep(1);
                }
            }
            ring.close();
            s.hasher().awaitIdle(120_000);
        }
    }
}
