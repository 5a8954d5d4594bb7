package io.nightjar.storage.writer;

import static io.nightjar.storage.testing.Times.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.nightjar.recorder.testing.TestClips;
import io.nightjar.recorder.testing.Tools;
import io.nightjar.storage.Storage;
import io.nightjar.storage.StorageConfig;
import io.nightjar.storage.index.FileRecord;
import io.nightjar.storage.read.Verifier;
import io.nightjar.storage.testing.StorageFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A camera recording onto a 3 MiB tmpfs fills it: its writer reports the disk error in words and
 * drops only its own frames; the other camera keeps recording every frame; what was indexed before
 * the disk filled still decodes. Needs root to mount the tmpfs (CI runs as root): fails otherwise.
 */
class FullDiskIT {
    @TempDir
    Path dir;
    private Path small;

    @AfterEach
    void unmount() {
        if (small != null) {
            Tools.run(30, "umount", small.toString());
        }
    }

    @Test
    void aFullDiskStopsOnlyTheCameraOnIt() throws Exception {
        small = dir.resolve("small");
        Files.createDirectories(small);
        Tools.Result mount = Tools.run(30, "mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", small.toString());
        assertThat(mount.exitCode()).as("mounting a tmpfs needs root: %s", mount.stderr()).isZero();
        TestClips.Clip clip = TestClips.h264(640, 360, 25, 25, 2);
        Path data = dir.resolve("data");
        StorageFixture fx = new StorageFixture(data, c -> c.withCameraRoots(Map.of("onsmall", small))
                .withWriter(WriterSettings.defaults().withDiskRetryMillis(60_000)));
        var a = fx.feeder("onsmall", clip);
        var b = fx.feeder("onbig", clip);
        long t = T0;
        for (int i = 0; i < 30; i++) { // 30 s of both cameras, interleaved second by second
            a.feed(t, 25, i == 0);
            b.feed(t, 25, i == 0);
            t += 1_000_000L;
        }
        fx.drain();
        Thread.sleep(300);
        CameraStatus full = fx.storage.writer().status("onsmall");
        CameraStatus fine = fx.storage.writer().status("onbig");
        assertThat(full.state()).isEqualTo(WriterState.DISK_ERROR);
        assertThat(full.lastError()).contains("No space left on device").contains("onsmall");
        assertThat(full.framesDropped()).isPositive();
        assertThat(full.droppedByReason().get(WriterDrop.DISK_ERROR)).as("every drop counted under its reason").isEqualTo(full.framesDropped());
        assertThat(full.droppedByReason().get(WriterDrop.AWAITING_KEYFRAME)).isZero();
        assertThat(fine.state()).isEqualTo(WriterState.RECORDING);
        assertThat(fine.framesDropped()).isZero();
        assertThat(fine.framesWritten()).isEqualTo(750);
        fx.close();
        try (Storage s = Storage.open(StorageConfig.defaults(data).withCameraRoots(Map.of("onsmall", small)))) {
            List<FileRecord> smallFiles = s.index().files().of("onsmall");
            assertThat(smallFiles).isNotEmpty();
            assertThat(smallFiles.get(0).end().kind()).isEqualTo(io.nightjar.storage.index.FileEnd.Kind.DISK_ERROR);
            assertThat(smallFiles.get(0).end().detail()).startsWith("disk error");
            assertThat(s.index().fragments().range("onsmall", 0, Long.MAX_VALUE)).as("what was indexed before the disk filled").isNotEmpty();
            for (FileRecord f : smallFiles) {
                assertThat(Tools.decodeErrors(List.of(), s.layout().resolve(f.path()).toString())).isEmpty();
            }
            FileRecord big = s.index().files().of("onbig").get(0);
            assertThat(Tools.probeVideo(s.layout().resolve(big.path())).get("nb_read_frames")).isEqualTo("750");
            s.hasher().awaitIdle(10_000);
            Verifier.Report v = s.verify(null, 0, Long.MAX_VALUE);
            assertThat(v.clean()).as(v.format()).isTrue();
        }
    }
}
