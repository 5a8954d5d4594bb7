package io.nightjar.storage.recovery;

import io.nightjar.recorder.media.mp4.FragmentInfo;
import io.nightjar.recorder.media.mp4.FragmentRetimer;
import io.nightjar.recorder.media.mp4.InitInfo;
import io.nightjar.recorder.media.mp4.Mp4FormatException;
import io.nightjar.recorder.media.mp4.SegmentFileReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Fuzz target: a segment file as recovery finds it after a crash, a torn write or a flipped bit
 * (seeded with a real file from the writer), read the way recovery and HLS read it: the init
 * segment, the scan for whole fragments from the start and from after the init, and each
 * fragment's header retimed for HLS. Damage may only be reported ({@link Mp4FormatException}, a
 * scan's stop reason); what the scan keeps must lie inside the file, in order, without overlap.
 */
public final class SegmentFileFuzz {
    private static final Path FILE;

    static {
        try {
            FILE = Files.createTempFile("nightjar-fuzz-segment", ".mp4");
            FILE.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SegmentFileFuzz() {
    }

    public static void fuzzerTestOneInput(byte[] data) throws IOException {
        try (FileChannel ch = FileChannel.open(FILE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(data));
        }
        try (FileChannel ch = FileChannel.open(FILE, StandardOpenOption.READ)) {
            long initEnd = 0;
            try {
                InitInfo init = SegmentFileReader.readInit(ch);
                if (init.length() <= 0 || init.length() > data.length) {
                    throw new IllegalStateException("init segment of " + init.length() + " bytes in a file of " + data.length);
                }
                initEnd = init.length();
            } catch (Mp4FormatException refused) {
                // a clear refusal: recovery sets the file aside
            }
            check(SegmentFileReader.scan(ch, initEnd), ch, initEnd, data.length);
            if (initEnd > 0) {
                check(SegmentFileReader.scan(ch, 0), ch, 0, data.length);
            }
        }
    }

    private static void check(SegmentFileReader.Scan scan, FileChannel ch, long from, long size) throws IOException {
        if (scan.validEnd() < from || scan.validEnd() > Math.max(size, from)) {
            throw new IllegalStateException("scan from " + from + " ended at " + scan.validEnd() + " in a file of " + size);
        }
        long pos = from;
        for (FragmentInfo f : scan.fragments()) {
            if (f.offset() < pos || f.end() > size || f.length() <= 0 || f.dataOffset() < f.offset() || f.dataOffset() > f.end()) {
                throw new IllegalStateException("fragment at " + f.offset() + "+" + f.length() + " (data at " + f.dataOffset()
                        + ") after " + pos + " in a file of " + size);
            }
            pos = f.end();
            try {
                FragmentRetimer.header(ch, f, f.baseDecodeTime() + 90_000);
            } catch (Mp4FormatException refused) {
                // a clear refusal
            }
        }
    }
}
