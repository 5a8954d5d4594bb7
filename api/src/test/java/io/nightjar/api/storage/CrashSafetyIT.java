package io.nightjar.api.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightjar.recorder.testing.GstRtspCamera;
import io.nightjar.recorder.testing.Tools;
import io.nightjar.storage.Storage;
import io.nightjar.storage.StorageConfig;
import io.nightjar.storage.index.FileRecord;
import io.nightjar.storage.index.FragmentRecord;
import io.nightjar.storage.read.Span;
import io.nightjar.storage.read.Verifier;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recorder process (`nightjar record`) recording a real RTSP camera is killed with SIGKILL at
 * random moments, five times. After each kill, storage opens (recovery runs) and: every file
 * decodes in ffmpeg without error, an HLS playlist of everything indexed decodes without error,
 * verification finds no damage, and at most the last second before the kill is missing.
 */
class CrashSafetyIT {
    @TempDir
    Path data;
    @TempDir
    Path players;

    @Test
    void killingTheRecorderLosesAtMostTheLastSecond() throws Exception {
        Random random = new Random(); // a different pattern of kill moments every run
        List<String> report = new ArrayList<>();
        try (GstRtspCamera camera = GstRtspCamera.builder().shared().start()) {
            for (int round = 1; round <= 5; round++) {
                Process p = new ProcessBuilder("java", "-cp", "target/classes" + java.io.File.pathSeparator + "target/lib/*",
                        "io.nightjar.api.cli.NightjarCli", "record", "--data", data.toString(), "--camera", "cam1=" + camera.url(),
                        "--status-seconds", "1").redirectErrorStream(true).start();
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                long deadline = System.currentTimeMillis() + 30_000;
                boolean streaming = false;
                String line;
                StringBuilder log = new StringBuilder();
                while (System.currentTimeMillis() < deadline && (line = out.readLine()) != null) {
                    log.append(line).append('\n');
                    if (line.startsWith("cam1 STREAMING") && !line.contains("indexedUntil=0")) {
                        streaming = true;
                        break;
                    }
                }
                assertThat(streaming).as("recorder streaming in round %d:%n%s", round, log).isTrue();
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // keep the pipe empty
                        }
                    } catch (java.io.IOException e) {
                        // process gone
                    }
                });
                drain.setDaemon(true);
                drain.start();
                Thread.sleep(500 + random.nextInt(4000));
                long killMicros = System.currentTimeMillis() * 1000;
                p.destroyForcibly(); // SIGKILL
                assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();

                try (Storage s = Storage.open(StorageConfig.defaults(data))) {
                    List<FragmentRecord> all = s.index().fragments().range("cam1", 0, Long.MAX_VALUE);
                    FragmentRecord last = all.get(all.size() - 1);
                    long lostMicros = killMicros - last.endMicros();
                    report.add("round " + round + ": " + all.size() + " fragments, lost " + lostMicros / 1000 + " ms; recovery: "
                            + s.recoveryActions());
                    assertThat(lostMicros).as("footage lost by the kill in round %d", round).isLessThanOrEqualTo(1_100_000L);
                    for (FileRecord f : s.index().files().all()) {
                        assertThat(Tools.decodeErrors(List.of(), s.layout().resolve(f.path()).toString())).as(f.path()).isEmpty();
                    }
                    List<Span> spans = s.spans("cam1", 0, Long.MAX_VALUE / 2);
                    long from = spans.stream().filter(Span::recorded).findFirst().orElseThrow().startMicros();
                    Path m3u8 = io.nightjar.storage.testing.LocalHls.write(s, "cam1", from, last.endMicros(), players, "all-" + round);
                    assertThat(Tools.decodeErrors(List.of("-allowed_extensions", "ALL"), m3u8.toString())).isEmpty();
                    s.hasher().awaitIdle(30_000);
                    Verifier.Report v = s.verify(null, 0, Long.MAX_VALUE);
                    assertThat(v.clean()).as(v.format()).isTrue();
                    assertThat(s.recoveryActions()).as("the open file was recovered").anyMatch(a -> a.contains("cam1"));
                }
            }
        }
        System.out.println(String.join("\n", report));
    }
}
