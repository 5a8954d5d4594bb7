package io.nightjar.api.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightjar.recorder.media.Codec;
import io.nightjar.recorder.ring.FrameRing;
import io.nightjar.recorder.ring.StreamRef;
import io.nightjar.recorder.testing.ClipFeeder;
import io.nightjar.recorder.testing.TestClips;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** An H.265 stream becomes a 640x360 H.264 preview while someone watches it, and stops after. */
class PreviewStreamsTest {
    @Test
    void anH265StreamIsTranscodedToAnH264PreviewForItsViewers() throws Exception {
        TestClips.Clip clip = TestClips.h265(1280, 720, 25, 25, 2);
        LiveFanout main = new LiveFanout();
        FrameRing ring = FrameRing.builder().size(256).consumer(main).start();
        List<LiveFrame> got = new CopyOnWriteArrayList<>();
        try (PreviewStreams previews = new PreviewStreams(main)) {
            previews.acquire("dome");
            LiveFanout.Subscription sub = previews.fanout().subscribe(StreamRef.main("dome"), frame -> got.add(frame.retain()));
            ClipFeeder feeder = new ClipFeeder(clip, StreamRef.main("dome"), ring);
            long t = 1_795_860_000_000_000L;
            for (int i = 0; i < 75; i++) {
                t = feeder.feed(t, 1, i == 0);
                Thread.sleep(40);
            }
            Thread.sleep(500);
            sub.close();
            previews.release("dome");
            assertThat(previews.running()).isZero();
        } finally {
            ring.close();
        }
        assertThat(got).as("about 10 fps for 3 s").hasSizeBetween(15, 40);
        assertThat(got.get(0).key()).isTrue();
        assertThat(got.get(0).config().codec()).isEqualTo(Codec.H264);
        assertThat(got.get(0).config().width()).isEqualTo(640);
        assertThat(got.get(0).config().height()).isEqualTo(360);
        got.forEach(LiveFrame::release);
    }
}
