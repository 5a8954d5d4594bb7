package io.nightjar.storage.read;

import static io.nightjar.storage.testing.Times.T0;
import static io.nightjar.storage.testing.Times.seconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nightjar.recorder.testing.TestClips;
import io.nightjar.storage.Storage;
import io.nightjar.storage.StorageConfig;
import io.nightjar.storage.StorageException;
import io.nightjar.storage.index.FileRecord;
import io.nightjar.storage.index.FragmentRecord;
import io.nightjar.storage.testing.StorageFixture;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Corrupted segment files are reported precisely, and never crash a reader. */
class DamagedFilesTest {
    @TempDir
    Path dir;

    @Test
    void corruptionIsFoundByVerifyAndExportFailsWithAClearError() throws Exception {
        StorageFixture fx = new StorageFixture(dir);
        fx.feeder("cam1", TestClips.h264(320, 180, 25, 25, 2)).feed(T0, 125, true);
        fx.close();
        FragmentRecord third;
        FileRecord file;
        try (Storage s = Storage.open(StorageConfig.defaults(dir))) {
            file = s.index().files().all().get(0);
            third = s.index().fragments().of(file).get(2);
        }
        try (FileChannel ch = FileChannel.open(dir.resolve(file.path()), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {0x7F, 0x7F, 0x7F, 0x7F}), third.offset() + 36); // inside moof's header
            ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), file.bytes() - 100); // inside the last mdat
        }
        try (Storage s = Storage.open(StorageConfig.defaults(dir))) {
            Verifier.Report v = s.verify("cam1", 0, Long.MAX_VALUE);
            assertThat(v.clean()).isFalse();
            assertThat(v.format()).contains("DAMAGED").contains("fragment at " + third.offset());
            assertThat(s.exporter().export("cam1", T0 + seconds(3.5), T0 + seconds(4.5), dir.resolve("ok.mp4")).plan().frames())
                    .as("a range of intact fragments still exports").isEqualTo(38);
            assertThatThrownBy(() -> s.exporter().export("cam1", T0 + seconds(2), T0 + seconds(3), dir.resolve("bad.mp4")))
                    .isInstanceOf(StorageException.class).hasMessageContaining("damaged").hasMessageContaining("nightjar verify");
        }
    }

    @Test
    void aPayloadOnlyCorruptionIsCaughtByTheSha256() throws Exception {
        StorageFixture fx = new StorageFixture(dir);
        fx.feeder("cam1", TestClips.h264(320, 180, 25, 25, 2)).feed(T0, 50, true);
        fx.close();
        FileRecord file;
        try (Storage s = Storage.open(StorageConfig.defaults(dir))) {
            file = s.index().files().all().get(0);
        }
        try (FileChannel ch = FileChannel.open(dir.resolve(file.path()), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {9}), file.bytes() - 10);
        }
        try (Storage s = Storage.open(StorageConfig.defaults(dir))) {
            assertThat(s.verify(null, 0, Long.MAX_VALUE).format()).contains("SHA-256 is").contains("was recorded when it was sealed");
        }
    }
}
