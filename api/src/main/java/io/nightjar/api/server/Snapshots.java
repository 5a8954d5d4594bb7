package io.nightjar.api.server;

import io.nightjar.analytics.decode.DecodeException;
import io.nightjar.analytics.decode.VideoDecoder;
import io.nightjar.api.live.LiveFanout;
import io.nightjar.api.live.LiveFrame;
import io.nightjar.api.live.LiveSubscriber;
import io.nightjar.recorder.ring.StreamRef;
import io.nightjar.storage.Storage;
import io.nightjar.recorder.media.mp4.Mp4FormatException;
import io.nightjar.storage.read.RecordedFrames;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * JPEG pictures: of a recorded instant (decoded from the keyframe before it, never more than one
 * GOP of work) or of the live stream (the frames since the last keyframe). Decoding happens on the
 * calling (HTTP handler) thread with a decoder of its own.
 */
public final class Snapshots {
    static final int MAX_WIDTH = 1920;
    static final int QUALITY = 85;
    static final int MAX_FRAMES = 600;

    private Snapshots() {
    }

    /** The picture shown at {@code atMicros}, or null when nothing is recorded there. */
    public static byte[] at(Storage storage, String camera, long atMicros, int maxWidth) throws IOException, Mp4FormatException {
        byte[][] last = new byte[1][];
        try (RecordedFrames frames = new RecordedFrames(storage.index(), storage.layout(), camera, atMicros, atMicros + 1);
             VideoDecoder decoder = new VideoDecoder(320)) {
            RecordedFrames.Frame f;
            int n = 0;
            long pts = 0;
            while ((f = frames.next()) != null && n++ < MAX_FRAMES) {
                try {
                    decoder.decode(f.data(), pts, f.wallMicros(), f.key(), f.config(), d -> last[0] = decoder.snapshotJpeg(maxWidth, QUALITY));
                } catch (DecodeException e) {
                    // damaged frame: keep what decoded
                } finally {
                    f.data().release();
                }
                pts += f.durationTicks();
            }
        }
        return last[0];
    }

    /** The live picture, waiting up to {@code waitMillis} for a keyframe; null when the stream is not running. */
    public static byte[] live(LiveFanout fanout, StreamRef stream, int maxWidth, long waitMillis) throws InterruptedException {
        List<LiveFrame> frames = new ArrayList<>();
        Object lock = new Object();
        LiveSubscriber collector = frame -> {
            synchronized (lock) {
                if (frames.isEmpty() && !frame.key()) {
                    return;
                }
                if (frames.size() < MAX_FRAMES) {
                    frames.add(frame.retain());
                }
                lock.notifyAll();
            }
        };
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        List<LiveFrame> got;
        try (LiveFanout.Subscription sub = fanout.subscribe(stream, collector)) {
            synchronized (lock) {
                while (frames.isEmpty() && System.nanoTime() < deadline) {
                    lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                }
                got = new ArrayList<>(frames);
                frames.clear();
            }
        }
        byte[][] last = new byte[1][];
        try (VideoDecoder decoder = new VideoDecoder(320)) {
            for (LiveFrame f : got) {
                try {
                    decoder.decode(f.accessUnit(), f.pts90k(), f.wallMicros(), f.key(), f.config(),
                            d -> last[0] = decoder.snapshotJpeg(maxWidth, QUALITY));
                } catch (DecodeException e) {
                    // keep what decoded
                }
            }
        } finally {
            for (LiveFrame f : got) {
                f.release();
            }
        }
        return last[0];
    }
}
