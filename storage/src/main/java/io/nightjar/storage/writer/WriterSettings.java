package io.nightjar.storage.writer;

/**
 * How segment files are cut and made durable.
 *
 * @param segmentMinutes      a new file after this many minutes (at the next keyframe); default 5
 * @param fragmentMaxMillis   a new fragment at each keyframe and at least this often; default 1000
 * @param fsyncIntervalMillis segment data and the index WAL are fsynced at most this far behind
 *                            (0: after every fragment write; negative: only on close); default 1000
 * @param idleCloseMillis     a camera that sent no frame for this long has its file closed; default 15000
 * @param diskRetryMillis     after a write error, wait this long before opening a new file; default 5000
 * @param directIo            write segment files with {@code O_DIRECT} (block-aligned, {@code free}-padded
 *                            appends that bypass the page cache) where the file system allows it;
 *                            default true (see {@link SegmentOutput})
 */
public record WriterSettings(int segmentMinutes, int fragmentMaxMillis, int fsyncIntervalMillis, int idleCloseMillis,
                             int diskRetryMillis, boolean directIo) {
    public WriterSettings {
        if (segmentMinutes < 1 || segmentMinutes > 60) {
            throw new IllegalArgumentException("segmentMinutes must be 1..60, was " + segmentMinutes);
        }
        if (fragmentMaxMillis < 100 || fragmentMaxMillis > 10_000) {
            throw new IllegalArgumentException("fragmentMaxMillis must be 100..10000, was " + fragmentMaxMillis);
        }
        if (idleCloseMillis < 1000) {
            throw new IllegalArgumentException("idleCloseMillis must be at least 1000, was " + idleCloseMillis);
        }
    }

    public static WriterSettings defaults() {
        return new WriterSettings(5, 1000, 1000, 15_000, 5_000, true);
    }

    public WriterSettings withSegmentMinutes(int minutes) {
        return new WriterSettings(minutes, fragmentMaxMillis, fsyncIntervalMillis, idleCloseMillis, diskRetryMillis, directIo);
    }

    public WriterSettings withFsyncIntervalMillis(int millis) {
        return new WriterSettings(segmentMinutes, fragmentMaxMillis, millis, idleCloseMillis, diskRetryMillis, directIo);
    }

    public WriterSettings withDiskRetryMillis(int millis) {
        return new WriterSettings(segmentMinutes, fragmentMaxMillis, fsyncIntervalMillis, idleCloseMillis, millis, directIo);
    }

    public WriterSettings withDirectIo(boolean direct) {
        return new WriterSettings(segmentMinutes, fragmentMaxMillis, fsyncIntervalMillis, idleCloseMillis, diskRetryMillis, direct);
    }
}
