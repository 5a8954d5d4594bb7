package io.nightjar.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightjar.analytics.tap.AnalyticsSettings;
import io.nightjar.analytics.tap.AnalyticsTap;
import io.nightjar.analytics.tap.FrameAnalyzer;
import io.nightjar.analytics.tap.QueuedFrame;
import io.nightjar.analytics.tap.TapStatus;
import io.nightjar.api.live.LiveFanout;
import io.nightjar.recorder.ring.FrameRing;
import io.nightjar.recorder.ring.StreamRef;
import io.nightjar.recorder.testing.ClipFeeder;
import io.nightjar.recorder.testing.TestClips;
import io.nightjar.storage.Storage;
import io.nightjar.storage.StorageConfig;
import io.nightjar.storage.retention.RetentionPolicy;
import io.nightjar.storage.writer.CameraStatus;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recording is never slowed by analytics or viewers: with an analyzer that takes 50 ms a frame
 * and a live viewer that never takes anything, every frame fed to the ring is written, while
 * the analytics tap drops what it cannot keep up with.
 */
class RecordingIsolationTest {
    @TempDir
    Path dir;

    @Test
    void aSlowAnalyzerAndAStuckViewerCostTheRecordingNothing() throws Exception {
        TestClips.Clip clip = TestClips.h264(320, 180, 25, 25, 2);
        AtomicLong analysed = new AtomicLong();
        AtomicLong offered = new AtomicLong();
        try (Storage storage = Storage.open(StorageConfig.defaults(dir).withRetention(RetentionPolicy::unlimited, 0))) {
            AnalyticsTap tap = new AnalyticsTap(camera -> AnalyticsSettings.defaults().withMaxFps(0), (camera, s) -> new FrameAnalyzer() {
                @Override
                public void accept(QueuedFrame frame) {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    analysed.incrementAndGet();
                }

                @Override
                public void offline() {
                }

                @Override
                public void close() {
                }
            }, 1);
            LiveFanout live = new LiveFanout();
            // a viewer that is stuck: it never retains nor reads what it is offered
            live.subscribe(StreamRef.main("cam"), frame -> offered.incrementAndGet());
            FrameRing ring = FrameRing.builder().size(256).idleMillis(20).consumer(storage.writer()).consumer(live).consumer(tap).start();
            int frames = 25 * 60;
            new ClipFeeder(clip, StreamRef.main("cam"), ring).feed(1_795_860_000_000_000L, frames, true);
            ring.close();
            tap.close();
            CameraStatus w = storage.writer().status("cam");
            TapStatus t = tap.status("cam");
            assertThat(w.framesWritten()).as("every frame recorded").isEqualTo(frames);
            assertThat(w.framesDropped()).isZero();
            assertThat(t.dropped()).as("analytics dropped what it could not keep up with").isGreaterThan(frames / 2);
            assertThat(analysed.get()).isLessThan(frames / 2);
            assertThat(offered.get()).isEqualTo(frames);
        }
    }
}
