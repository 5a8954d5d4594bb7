package io.nightjar.storage.index;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A segment file as the index knows it.
 *
 * @param id          file id (monotonic)
 * @param camera      camera id
 * @param path        path relative to the storage root
 * @param startMicros UTC µs of the first sample
 * @param endMicros   UTC µs at the end of the last indexed sample
 * @param bytes       indexed length of the file (init + complete fragments)
 * @param state       open, closed, or being deleted
 * @param sha256      hex SHA-256 of the closed file, or null (open, or hashing pending)
 * @param codec       RFC 6381 codec string
 * @param initLength  bytes of ftyp + moov (the HLS EXT-X-MAP range)
 * @param fragments   fragments indexed
 * @param end         why the file ended ({@link FileEnd}: a kind and the sentence), or null while it is open
 * @param epoch       the cluster assignment epoch the camera was recorded under (0: not in a cluster); a
 *                    file holds one epoch, so two nodes' overlapping footage of a camera says which was the owner
 */
public record FileRecord(long id, String camera, String path, long startMicros, long endMicros, long bytes, State state,
                         String sha256, String codec, int initLength, int fragments, FileEnd end, long epoch) {
    /** Lifecycle of a file. */
    public enum State { OPEN, CLOSED, DELETING }

    /**
     * Version 3 adds the assignment epoch; 2 keeps the end's kind and run start; 1 kept only the
     * end's sentence. All three are read.
     */
    private static final int VERSION = 3;

    public FileRecord withProgress(long end, long newBytes, int fragmentCount) {
        return new FileRecord(id, camera, path, startMicros, end, newBytes, state, sha256, codec, initLength, fragmentCount, this.end, epoch);
    }

    public FileRecord closed(FileEnd reason) {
        return new FileRecord(id, camera, path, startMicros, endMicros, bytes, State.CLOSED, sha256, codec, initLength, fragments, reason, epoch);
    }

    public FileRecord deleting() {
        return new FileRecord(id, camera, path, startMicros, endMicros, bytes, State.DELETING, sha256, codec, initLength, fragments, end, epoch);
    }

    public FileRecord withSha256(String hex) {
        return new FileRecord(id, camera, path, startMicros, endMicros, bytes, state, hex, codec, initLength, fragments, end, epoch);
    }

    byte[] encode() {
        try {
            ByteArrayOutputStream bo = new ByteArrayOutputStream(128);
            DataOutputStream o = new DataOutputStream(bo);
            o.writeByte(VERSION);
            o.writeLong(id);
            o.writeUTF(camera);
            o.writeUTF(path);
            o.writeLong(startMicros);
            o.writeLong(endMicros);
            o.writeLong(bytes);
            o.writeByte(state.ordinal());
            o.writeUTF(sha256 == null ? "" : sha256);
            o.writeUTF(codec == null ? "" : codec);
            o.writeInt(initLength);
            o.writeInt(fragments);
            o.writeByte(end == null ? 0 : end.kind().ordinal() + 1);
            o.writeByte(end == null ? 0 : end.run().ordinal());
            o.writeUTF(end == null ? "" : end.detail());
            o.writeLong(epoch);
            return bo.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static FileRecord decode(byte[] v) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(v));
            int version = in.readUnsignedByte();
            if (version < 1 || version > VERSION) {
                throw new IllegalArgumentException("file record version " + version + " (this Nightjar reads 1 to " + VERSION + ")");
            }
            long id = in.readLong();
            String camera = in.readUTF();
            String path = in.readUTF();
            long start = in.readLong();
            long end = in.readLong();
            long bytes = in.readLong();
            State state = State.values()[in.readUnsignedByte()];
            String sha = in.readUTF();
            String codec = in.readUTF();
            int init = in.readInt();
            int fragments = in.readInt();
            FileEnd ended;
            if (version == 1) {
                String reason = in.readUTF();
                ended = reason.isEmpty() ? null : FileEnd.fromV1(reason);
            } else {
                int kind = in.readUnsignedByte();
                int run = in.readUnsignedByte();
                String detail = in.readUTF();
                ended = kind == 0 ? null : new FileEnd(FileEnd.Kind.values()[kind - 1], io.nightjar.recorder.ring.RunStart.values()[run], detail);
            }
            long epoch = version >= 3 ? in.readLong() : 0;
            return new FileRecord(id, camera, path, start, end, bytes, state, sha.isEmpty() ? null : sha, codec, init, fragments, ended, epoch);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable file record", e);
        }
    }
}
