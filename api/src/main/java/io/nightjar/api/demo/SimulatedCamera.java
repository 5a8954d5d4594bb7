package io.nightjar.api.demo;

import io.netty.channel.EventLoopGroup;
import io.nightjar.api.live.LiveFanout;
import io.nightjar.api.rtsp.RtspServer;
import io.nightjar.api.service.Caller;
import io.nightjar.api.service.Live;
import io.nightjar.api.service.LiveFeed;
import io.nightjar.recorder.media.CodecConfig;
import io.nightjar.api.media.H264Encoder;
import io.nightjar.api.media.H264Stream;
import io.nightjar.recorder.ring.FrameRing;
import io.nightjar.recorder.ring.StreamRef;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A camera that exists only in this process: renders {@link SceneRenderer} at a fixed rate,
 * encodes it with {@link H264Encoder} and serves it at {@code rtsp://127.0.0.1:<port>/<id>} with
 * Nightjar's own RTSP server (no authentication, localhost only). What the demo records goes
 * through the same RTSP client path as a real camera.
 */
public final class SimulatedCamera implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedCamera.class);

    private final String id;
    private final StreamRef stream;
    private final SceneRenderer scene;
    private final H264Encoder encoder;
    private final FrameRing ring;
    private final LiveFanout fanout = new LiveFanout();
    private final RtspServer rtsp;
    private final ScheduledExecutorService clock;
    private final int fps;
    private final int gop;
    private final H264Stream output;
    private long frameNumber;

    public SimulatedCamera(EventLoopGroup group, String id, int width, int height, int fps) throws InterruptedException {
        this.id = id;
        this.stream = StreamRef.main(id);
        this.fps = fps;
        this.gop = fps * 2;
        this.scene = new SceneRenderer(width, height);
        this.encoder = new H264Encoder(width, height, fps, gop, (long) width * height * fps / 10);
        this.ring = FrameRing.builder().size(256).consumer(fanout).start();
        this.output = new H264Stream(ring, stream, fps);
        this.rtsp = new RtspServer(group, group, io.nightjar.api.rtsp.RtspServerSettings.of("127.0.0.1", 0), new OwnStream(fanout), null, null,
                id::equals, false);
        this.clock = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "simulated-camera-" + id);
            t.setDaemon(true);
            return t;
        });
        clock.scheduleAtFixedRate(this::tick, 0, 1_000_000 / fps, TimeUnit.MICROSECONDS);
    }

    /** The camera's id (the last element of its URL's path). */
    public String id() {
        return id;
    }

    public String url() {
        return "rtsp://127.0.0.1:" + rtsp.port() + "/" + id;
    }

    public long framesSent() {
        return output.published();
    }

    private void tick() {
        try {
            long wall = System.currentTimeMillis() * 1000;
            boolean forceKey = frameNumber % gop == 0;
            for (H264Encoder.Unit u : encoder.encode(scene.render(wall), forceKey)) {
                output.publish(u, wall);
            }
            frameNumber++;
        } catch (RuntimeException e) {
            LOG.warn("simulated camera {}: {}", id, e.toString());
        }
    }

    @Override
    public void close() {
        clock.shutdownNow();
        try {
            clock.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        rtsp.close();
        ring.close();
        encoder.close();
        scene.close();
    }

    /** The camera's one stream to whoever connects: nothing to audit, nobody to refuse (it listens on localhost only). */
    private record OwnStream(LiveFanout fanout) implements Live {
        @Override
        public LiveFeed open(Caller caller, String camera, Stream stream, String via) {
            return new LiveFeed(StreamRef.main(camera), fanout, () -> { });
        }

        @Override
        public CodecConfig config(Caller caller, String camera, Stream stream) {
            return stream == Stream.main ? fanout.config(StreamRef.main(camera)) : null;
        }
    }
}
