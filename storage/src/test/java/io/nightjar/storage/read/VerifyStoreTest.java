package io.nightjar.storage.read;

import static io.nightjar.storage.testing.Times.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nightjar.recorder.testing.TestClips;
import io.nightjar.storage.StorageException;
import io.nightjar.storage.index.FileRecord;
import io.nightjar.storage.testing.StorageFixture;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify} tells the truth and changes nothing: truncated, missing, extra and damaged files
 * are reported as such, an unknown camera is an error, and the store is byte for byte the same
 * after — also while the store is open for recording.
 */
class VerifyStoreTest {
    @TempDir
    Path dir;

    /** Two cameras, each a sealed file of 5 s. */
    private List<FileRecord> recordTwoCameras() throws Exception {
        StorageFixture fx = new StorageFixture(dir);
        fx.feeder("cam1", TestClips.h264(320, 180, 25, 25, 2)).feed(T0, 125, true);
        fx.feeder("cam2", TestClips.h264(320, 180, 25, 25, 2)).feed(T0, 125, true);
        fx.drain();
        List<FileRecord> files = new ArrayList<>();
        files.addAll(fx.storage.index().files().of("cam1"));
        files.addAll(fx.storage.index().files().of("cam2"));
        fx.close();
        return files;
    }

    private FileRecord of(List<FileRecord> files, String camera) {
        return files.stream().filter(f -> f.camera().equals(camera)).findFirst().orElseThrow();
    }

    @Test
    void anIntactStoreIsCleanAndEveryFileIsOk() throws Exception {
        recordTwoCameras();
        Verifier.Report r = Verifier.verifyStore(dir, null, 0, Long.MAX_VALUE);
        assertThat(r.clean()).as(r.format()).isTrue();
        assertThat(r.count(Verifier.Status.OK)).isEqualTo(2);
        assertThat(r.format()).contains("2 indexed files checked: 2 ok");
    }

    @Test
    void aTruncatedSealedFileIsReportedAsTruncatedAndNothingIsRepaired() throws Exception {
        FileRecord f = of(recordTwoCameras(), "cam1");
        Path file = dir.resolve(f.path());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(f.bytes() / 2);
        }
        String before = fingerprint();
        Verifier.Report r = Verifier.verifyStore(dir, null, 0, Long.MAX_VALUE);
        assertThat(r.clean()).isFalse();
        assertThat(r.count(Verifier.Status.TRUNCATED)).as(r.format()).isEqualTo(1);
        assertThat(r.format()).contains("TRUNCATED").contains("indexed fragments have no bytes");
        assertThat(fingerprint()).as("the store is unchanged: no recovery ran, the index was not rewritten").isEqualTo(before);
        assertThat(Verifier.verifyStore(dir, null, 0, Long.MAX_VALUE).count(Verifier.Status.TRUNCATED))
                .as("and a second verify says the same").isEqualTo(1);
    }

    @Test
    void aDeletedFileIsMissingAndAFileTheIndexDoesNotKnowIsExtra() throws Exception {
        List<FileRecord> files = recordTwoCameras();
        Path gone = dir.resolve(of(files, "cam2").path());
        Path copy = gone.resolveSibling("20200101T000000.000000Z.mp4");
        Files.copy(gone, copy);
        Files.delete(gone);
        Path stranger = dir.resolve("cam9/2020/01/01/20200101T000000.000000Z.mp4");
        Files.createDirectories(stranger.getParent());
        Files.write(stranger, new byte[1000]);
        Verifier.Report r = Verifier.verifyStore(dir, null, 0, Long.MAX_VALUE);
        assertThat(r.count(Verifier.Status.MISSING)).as(r.format()).isEqualTo(1);
        assertThat(r.count(Verifier.Status.EXTRA)).as(r.format()).isEqualTo(2);
        assertThat(r.count(Verifier.Status.OK)).isEqualTo(1);
        assertThat(r.format()).contains("file is missing").contains("not in the index").contains("cam9");
        assertThat(r.clean()).isFalse();
        Verifier.Report onlyCam1 = Verifier.verifyStore(dir, "cam1", 0, Long.MAX_VALUE);
        assertThat(onlyCam1.clean()).as("another camera's problems are not this one's: %s", onlyCam1.format()).isTrue();
    }

    @Test
    void aDamagedFragmentIsDamaged() throws Exception {
        FileRecord f = of(recordTwoCameras(), "cam1");
        try (FileChannel ch = FileChannel.open(dir.resolve(f.path()), StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {9}), f.bytes() - 10);
        }
        Verifier.Report r = Verifier.verifyStore(dir, null, 0, Long.MAX_VALUE);
        assertThat(r.count(Verifier.Status.DAMAGED)).as(r.format()).isEqualTo(1);
        assertThat(r.format()).contains("SHA-256 is");
    }

    @Test
    void anUnknownCameraIsAnErrorNotAnEmptySuccess() throws Exception {
        recordTwoCameras();
        assertThatThrownBy(() -> Verifier.verifyStore(dir, "nosuch", 0, Long.MAX_VALUE)).isInstanceOf(StorageException.class)
                .hasMessageContaining("no camera 'nosuch'").hasMessageContaining("cam1");
    }

    @Test
    void verifyRunsWhileTheStoreIsOpenForRecording() throws Exception {
        recordTwoCameras();
        StorageFixture fx = new StorageFixture(dir);
        try {
            fx.feeder("cam3", TestClips.h264(320, 180, 25, 25, 2)).feed(T0 + 60_000_000L, 50, true);
            fx.drain();
            Verifier.Report r = Verifier.verifyStore(dir, null, 0, Long.MAX_VALUE);
            assertThat(r.clean()).as(r.format()).isTrue();
            assertThat(r.count(Verifier.Status.OK)).as("the two sealed files of before").isEqualTo(2);
            assertThat(r.files()).as("and the file being recorded, read through the live index").anyMatch(x -> x.camera().equals("cam3"));
        } finally {
            fx.close();
        }
    }

    /** Every file under the data directory except RocksDB's info logs, with its SHA-256. */
    private String fingerprint() throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> w = Files.walk(dir)) {
            for (Path p : w.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("LOG")).sorted().toList()) {
                try {
                    byte[] d = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
                    sb.append(dir.relativize(p)).append(' ').append(HexFormat.of().formatHex(d)).append('\n');
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return sb.toString();
    }
}
