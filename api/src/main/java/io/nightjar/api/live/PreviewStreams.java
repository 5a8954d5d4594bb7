package io.nightjar.api.live;

import io.nightjar.analytics.decode.DecodeException;
import io.nightjar.analytics.decode.VideoDecoder;
import io.nightjar.api.media.H264Encoder;
import io.nightjar.api.media.H264Stream;
import io.nightjar.recorder.ring.FrameRing;
import io.nightjar.recorder.ring.StreamRef;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Low-resolution H.264 previews of cameras a browser cannot play (H.265 without a sub-stream):
 * the live main stream is decoded and re-encoded at 640x360, at most 10 fps, for viewers only,
 * never for recording. A camera's transcoder runs while it has preview viewers (one thread, its
 * own bounded queue that skips to the next keyframe when decoding falls behind) and stops when
 * the last leaves.
 */
public final class PreviewStreams implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PreviewStreams.class);
    static final int WIDTH = 640;
    static final int HEIGHT = 360;
    static final int FPS = 10;

    private final LiveFanout source;
    private final LiveFanout previews = new LiveFanout();
    private final FrameRing ring = FrameRing.builder().size(256).consumer(previews).start();
    private final Map<String, Transcoder> running = new ConcurrentHashMap<>();

    public PreviewStreams(LiveFanout source) {
        this.source = source;
    }

    /** The fan-out previews are published on (stream: the camera's main stream reference). */
    public LiveFanout fanout() {
        return previews;
    }

    /** Starts (or joins) the camera's preview; call {@link #release} when the viewer leaves. */
    public synchronized void acquire(String camera) {
        running.computeIfAbsent(camera, c -> new Transcoder(c)).users++;
    }

    public synchronized void release(String camera) {
        Transcoder t = running.get(camera);
        if (t != null && --t.users <= 0) {
            running.remove(camera);
            t.stop();
        }
    }

    public int running() {
        return running.size();
    }

    @Override
    public synchronized void close() {
        running.values().forEach(Transcoder::stop);
        running.clear();
        ring.close();
    }

    /** Decodes one camera's main stream and encodes the preview, on its own thread. */
    private final class Transcoder implements LiveSubscriber, Runnable {
        final String camera;
        final BlockingQueue<LiveFrame> queue = new ArrayBlockingQueue<>(64);
        final LiveFanout.Subscription subscription;
        final Thread thread;
        int users;
        volatile boolean stopped;
        boolean waitForKey = true;
        volatile long received;
        volatile long decoded;
        volatile long encoded;
        volatile long published;
        volatile String problem;

        Transcoder(String camera) {
            this.camera = camera;
            this.thread = new Thread(this, "preview-" + camera);
            this.thread.setDaemon(true);
            this.thread.setPriority(Thread.NORM_PRIORITY - 1);
            this.thread.start();
            this.subscription = source.subscribe(StreamRef.main(camera), this);
            LOG.info("{}: browser preview transcoding started", camera);
        }

        @Override
        public synchronized void offer(LiveFrame f) {
            received++;
            if (waitForKey && !f.key()) {
                return;
            }
            waitForKey = false;
            if (!queue.offer(f.retain())) {
                f.release();
                LiveFrame old;
                while ((old = queue.poll()) != null) {
                    old.release();
                }
                waitForKey = true; // decoding fell behind: resume at the next keyframe
            }
        }

        @Override
        public void run() {
            H264Stream out = new H264Stream(ring, StreamRef.main(camera), FPS);
            long lastEncodedMicros = 0;
            long frames = 0;
            try (VideoDecoder decoder = new VideoDecoder(320);
                 H264Encoder encoder = new H264Encoder(WIDTH, HEIGHT, FPS, FPS * 2, 600_000);
                 Mat bgr = new Mat()) {
                while (!stopped) {
                    LiveFrame f = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (f == null) {
                        continue;
                    }
                    try {
                        boolean due = f.wallMicros() - lastEncodedMicros >= 1_000_000L / FPS - 5_000;
                        boolean[] picture = {false};
                        decoder.decode(f.accessUnit(), f.pts90k(), f.wallMicros(), f.key(), f.config(), d -> {
                            decoded++;
                            if (due) {
                                picture[0] = decoder.toBgr(bgr, WIDTH, HEIGHT);
                            }
                        });
                        if (picture[0]) {
                            lastEncodedMicros = f.wallMicros();
                            for (H264Encoder.Unit u : encoder.encode(bgr, frames++ % (FPS * 2) == 0)) {
                                encoded++;
                                if (out.publish(u, f.wallMicros())) {
                                    published++;
                                }
                            }
                        }
                    } catch (DecodeException e) {
                        problem = e.getMessage(); // damaged frame: the decoder resumes at the next keyframe
                    } finally {
                        f.release();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("{}: preview transcoding failed: {}", camera, e.toString());
            } finally {
                LiveFrame f;
                while ((f = queue.poll()) != null) {
                    f.release();
                }
            }
        }

        void stop() {
            stopped = true;
            subscription.close();
            LOG.info("{}: browser preview transcoding stopped (no viewer); {} frames in, {} decoded, {} encoded, {} published{}", camera,
                    received, decoded, encoded, published, problem == null ? "" : "; last problem: " + problem);
        }
    }
}
