package io.nightjar.storage.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nightjar.recorder.ring.RunStart;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Test;

/** File records: the cluster epoch (version 3), how they end as a kind (version 2), and version-1 records, which kept a sentence, still read. */
class FileRecordTest {
    static FileRecord closed(FileEnd end) {
        return new FileRecord(7, "cam1", "cam1/2026/11/28/x.mp4", 1, 2, 3, FileRecord.State.CLOSED, "ab", "avc1.640028", 700, 5, end, 0);
    }

    @Test
    void aRecordRoundTripsWithItsEndKindRunStartAndSentence() {
        for (FileEnd end : new FileEnd[] {null, FileEnd.of(FileEnd.Kind.ROTATION, "rotation"), FileEnd.newRun(RunStart.TIMESTAMP_JUMP),
                FileEnd.of(FileEnd.Kind.DISK_ERROR, "disk error: No space left on device writing cam1/x.mp4")}) {
            assertThat(FileRecord.decode(closed(end).encode())).isEqualTo(closed(end));
        }
    }

    /** What the writer and recovery of version 1 stored, byte for byte (FileRecord.encode before version 2). */
    static byte[] version1(String endReason) throws Exception {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        DataOutputStream o = new DataOutputStream(bo);
        o.writeByte(1);
        o.writeLong(7);
        o.writeUTF("cam1");
        o.writeUTF("cam1/2026/11/28/x.mp4");
        o.writeLong(1);
        o.writeLong(2);
        o.writeLong(3);
        o.writeByte(FileRecord.State.CLOSED.ordinal());
        o.writeUTF("ab");
        o.writeUTF("avc1.640028");
        o.writeInt(700);
        o.writeInt(5);
        o.writeUTF(endReason);
        return bo.toByteArray();
    }

    @Test
    void aVersion1RecordReadsWithTheKindItsSentenceMeant() throws Exception {
        assertThat(FileRecord.decode(version1("rotation")).end()).isEqualTo(FileEnd.of(FileEnd.Kind.ROTATION, "rotation"));
        assertThat(FileRecord.decode(version1("new run: the camera's stream started (connect or reconnect)")).end())
                .isEqualTo(FileEnd.newRun(RunStart.STREAM_START));
        assertThat(FileRecord.decode(version1("new run")).end().kind()).as("before run reasons were kept").isEqualTo(FileEnd.Kind.NEW_RUN);
        assertThat(FileRecord.decode(version1("camera stopped sending (no frames for 15 s)")).end().kind()).isEqualTo(FileEnd.Kind.CAMERA_STOPPED);
        assertThat(FileRecord.decode(version1("disk error: EIO writing x")).end().kind()).isEqualTo(FileEnd.Kind.DISK_ERROR);
        assertThat(FileRecord.decode(version1("restart (Nightjar stopped without closing this file)")).end().kind()).isEqualTo(FileEnd.Kind.RESTART);
        assertThat(FileRecord.decode(version1("adopted after restart (unknown to the index)")).end().kind()).isEqualTo(FileEnd.Kind.ADOPTED);
        assertThat(FileRecord.decode(version1("no motion (motion-only recording)")).end().kind()).isEqualTo(FileEnd.Kind.NO_MOTION);
        assertThat(FileRecord.decode(version1("shutdown")).end().kind()).isEqualTo(FileEnd.Kind.SHUTDOWN);
        assertThat(FileRecord.decode(version1("something else")).end()).isEqualTo(FileEnd.of(FileEnd.Kind.UNKNOWN, "something else"));
        assertThat(FileRecord.decode(version1("")).end()).as("an open file's record").isNull();
        assertThat(FileRecord.decode(version1("rotation"))).isEqualTo(closed(FileEnd.of(FileEnd.Kind.ROTATION, "rotation")));
    }

    @Test
    void aRecordKeepsItsClusterEpochAndOneFromVersion2ReadsAsEpochZero() {
        FileRecord f = closed(FileEnd.of(FileEnd.Kind.NEW_EPOCH, "the camera's cluster assignment changed epoch"));
        FileRecord inCluster = new FileRecord(f.id(), f.camera(), f.path(), f.startMicros(), f.endMicros(), f.bytes(), f.state(),
                f.sha256(), f.codec(), f.initLength(), f.fragments(), f.end(), 42);
        assertThat(FileRecord.decode(inCluster.encode()).epoch()).isEqualTo(42);
        assertThat(inCluster.withSha256("cd").deleting().closed(f.end()).withProgress(9, 9, 9).epoch()).as("kept by every change").isEqualTo(42);
        byte[] v3 = closed(FileEnd.of(FileEnd.Kind.ROTATION, "rotation")).encode();
        byte[] v2 = java.util.Arrays.copyOf(v3, v3.length - 8); // version 2 ended before the epoch
        v2[0] = 2;
        assertThat(FileRecord.decode(v2)).isEqualTo(closed(FileEnd.of(FileEnd.Kind.ROTATION, "rotation")));
    }

    @Test
    void aRecordFromANewerVersionIsRefusedSayingSo() throws Exception {
        byte[] v = closed(null).encode();
        v[0] = 4;
        assertThatThrownBy(() -> FileRecord.decode(v)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 4");
    }
}
