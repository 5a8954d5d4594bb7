package io.nightjar.recorder.camera;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.nightjar.recorder.ring.FrameConsumer;
import io.nightjar.recorder.ring.FrameEvent;
import io.nightjar.recorder.ring.FrameRing;
import io.nightjar.recorder.ring.StreamRef;
import io.nightjar.recorder.rtsp.RtspClientOptions;
import io.nightjar.recorder.rtsp.RtspUrl;
import io.nightjar.recorder.testing.GstRtspCamera;
import io.nightjar.recorder.testing.ScriptedCamera;
import io.nightjar.recorder.time.MicrosClock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Supervision against real servers: reconnect after the camera dies, stall detection, health. */
class CameraSupervisorIT {
    private static EventLoopGroup group;

    @BeforeAll
    static void startLoop() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stopLoop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    static final class Counting implements FrameConsumer {
        final AtomicLong frames = new AtomicLong();
        final AtomicLong discontinuities = new AtomicLong();

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public Delivery delivery() {
            return Delivery.LOSSLESS;
        }

        @Override
        public void onFrame(FrameEvent e, boolean endOfBatch) {
            frames.incrementAndGet();
            if (e.discontinuity()) {
                discontinuities.incrementAndGet();
            }
        }
    }

    private static long waitFor(BooleanSupplier condition, long timeoutMillis) throws InterruptedException {
        long t0 = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if ((System.nanoTime() - t0) / 1_000_000 > timeoutMillis) {
                throw new AssertionError("condition not met within " + timeoutMillis + " ms");
            }
            Thread.sleep(50);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Test
    void aCameraThatDiesAndComesBackIsStreamingAgainWithinTheBackoffBound() throws Exception {
        int port = GstRtspCamera.freePort();
        Counting counting = new Counting();
        try (FrameRing ring = FrameRing.builder().size(1024).consumer(counting).start()) {
            GstRtspCamera camera = GstRtspCamera.builder().port(port).shared().start();
            CameraSource source = new CameraSource(StreamRef.main("front-door"), RtspUrl.parse(camera.url()), null, RtspClientOptions.defaults());
            CameraSupervisor sup = new CameraSupervisor(source, group, ring, MicrosClock.SYSTEM, Backoff.standard());
            sup.start();
            waitFor(() -> sup.state() == CameraSupervisor.State.STREAMING && counting.frames.get() > 25, 15_000);
            CameraHealth h = sup.health();
            assertThat(h.codec()).isEqualTo("H264");
            assertThat(h.width()).isEqualTo(640);
            assertThat(h.server()).contains("GStreamer");

            camera.kill();
            waitFor(() -> sup.state() == CameraSupervisor.State.BACKING_OFF, 12_000);
            assertThat(sup.lastError()).as("the reason in words").containsAnyOf("closed", "connection", "no data", "refused");
            Thread.sleep(1500);
            camera = GstRtspCamera.builder().port(port).shared().start();
            long framesBefore = counting.frames.get();
            // Failed attempts while the camera was down backed off 1 s, 2 s (±20%): the next try is within 5 s.
            long took = waitFor(() -> sup.state() == CameraSupervisor.State.STREAMING && counting.frames.get() > framesBefore + 10, 12_000);
            assertThat(took).as("back within the backoff bound").isLessThan(10_000);
            assertThat(sup.health().reconnects()).isPositive();
            assertThat(counting.discontinuities.get()).as("each session starts a new run").isGreaterThanOrEqualTo(2);
            sup.stop().get(5, TimeUnit.SECONDS);
            assertThat(sup.state()).isEqualTo(CameraSupervisor.State.STOPPED);
            camera.close();
        }
    }

    @Test
    void aCameraThatDropsAgainAndAgainWithinHalfAMinuteIsRetriedAfterTheShortestBackoffEachTime() throws Exception {
        ScriptedCamera.Script script = new ScriptedCamera.Script();
        Counting counting = new Counting();
        Backoff backoff = new Backoff(1_000, 30_000, () -> 0.5);
        try (ScriptedCamera cam = new ScriptedCamera(script); FrameRing ring = FrameRing.builder().size(1024).consumer(counting).start()) {
            CameraSource source = new CameraSource(StreamRef.main("flaky"), RtspUrl.parse(cam.url()), null, RtspClientOptions.defaults());
            CameraSupervisor sup = new CameraSupervisor(source, group, ring, MicrosClock.SYSTEM, backoff);
            sup.start();
            for (int drop = 1; drop <= 3; drop++) {
                long before = counting.frames.get();
                waitFor(() -> sup.state() == CameraSupervisor.State.STREAMING && counting.frames.get() > before + 10, 15_000);
                cam.dropConnections(); // the camera reboots its network stack and answers again at once
                waitFor(() -> sup.state() == CameraSupervisor.State.BACKING_OFF, 12_000);
                assertThat(backoff.failures()).as("drop %d: it streamed, so the next attempt waits the base delay, not %d s", drop,
                        1 << (drop - 1)).isEqualTo(1);
            }
            waitFor(() -> sup.state() == CameraSupervisor.State.STREAMING, 15_000);
            assertThat(sup.health().reconnects()).isEqualTo(3);
            sup.stop().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aCameraThatStopsSendingFramesIsDetectedAsStalled() throws Exception {
        ScriptedCamera.Script script = new ScriptedCamera.Script();
        Counting counting = new Counting();
        try (ScriptedCamera cam = new ScriptedCamera(script); FrameRing ring = FrameRing.builder().size(1024).consumer(counting).start()) {
            CameraSource source = new CameraSource(StreamRef.main("stall"), RtspUrl.parse(cam.url()), null, RtspClientOptions.defaults());
            CameraSupervisor sup = new CameraSupervisor(source, group, ring, MicrosClock.SYSTEM, Backoff.standard());
            sup.start();
            waitFor(() -> counting.frames.get() > 10, 10_000);
            script.clip = io.nightjar.recorder.testing.TestClips.h264(320, 180, 25, 25, 2);
            // Freeze the stream: keep the connection, send nothing (a wedged encoder).
            freeze(cam);
            waitFor(() -> sup.lastError() != null, 20_000);
            assertThat(sup.lastError()).containsAnyOf("no frames", "no data");
            sup.stop().get(5, TimeUnit.SECONDS);
        }
    }

    private static void freeze(ScriptedCamera cam) {
        cam.script.ignoreKeepalives = true;
        cam.freezeStreams();
    }
}
