package io.nightjar.analytics.tap;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.nightjar.analytics.anomaly.ActivityBaseline;
import io.nightjar.analytics.event.AnalyticsEvent;
import io.nightjar.recorder.media.NalUnits;
import io.nightjar.recorder.ring.FrameDraft;
import io.nightjar.recorder.ring.FrameRing;
import io.nightjar.recorder.ring.RunStart;
import io.nightjar.recorder.ring.StreamRef;
import io.nightjar.recorder.testing.ClipFeeder;
import io.nightjar.recorder.testing.TestClips;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The tap on a real ring: lossy, bounded, keyframe-correct, and robust to bad data. */
class AnalyticsTapTest {
    static final TestClips.Clip CLIP = TestClips.h264(640, 360, 25, 25, 2);

    private static void await(java.util.function.BooleanSupplier c) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!c.getAsBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
    }

    @Test
    void aSlowAnalyzerMakesTheTapDropUpToKeyframesWithoutHoldingTheRing() throws Exception {
        List<Boolean> firstAfterDrop = new CopyOnWriteArrayList<>();
        AtomicLong analysed = new AtomicLong();
        AnalyzerFactory slow = (camera, s) -> new FrameAnalyzer() {
            @Override
            public void accept(QueuedFrame f) {
                if (f.afterDrop()) {
                    firstAfterDrop.add(f.key());
                }
                analysed.incrementAndGet();
                try {
                    Thread.sleep(20); // 50 frames a second at most: slower than the feed below
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void offline() {
            }

            @Override
            public void close() {
            }
        };
        AnalyticsTap tap = new AnalyticsTap(c -> AnalyticsSettings.defaults(), slow, 1);
        FrameRing ring = FrameRing.builder().size(256).consumer(tap).start();
        long t0 = System.nanoTime();
        ClipFeeder feeder = new ClipFeeder(CLIP, StreamRef.main("cam"), ring);
        long wall = 0;
        for (int i = 0; i < 500; i++) { // 500 frames a second
            wall = feeder.feed(wall, 1, i == 0);
            Thread.sleep(2);
        }
        long publishMillis = (System.nanoTime() - t0) / 1_000_000;
        await(() -> tap.status("cam").queued() == 0);
        ring.close();
        TapStatus st = tap.status("cam");
        tap.close();
        assertThat(publishMillis).as("500 frames published without waiting for 20 ms analyses").isLessThan(5_000);
        assertThat(st.received()).isEqualTo(500);
        assertThat(st.dropped()).isGreaterThan(200);
        assertThat(firstAfterDrop).as("after a drop, analysis resumes on a keyframe").isNotEmpty().allMatch(k -> k);
    }

    @Test
    void corruptAccessUnitsAndParameterSetsAreCountedAndAnalysisResumesAtTheNextKeyframe() throws Exception {
        List<AnalyticsEvent> events = new CopyOnWriteArrayList<>();
        AnalyticsTap tap = new AnalyticsTap(c -> AnalyticsSettings.defaults().withMaxFps(0),
                AnalyticsTap.standard(events::add, (c, s, g) -> { }, c -> new ActivityBaseline(ZoneOffset.UTC), n -> { }), 1);
        FrameRing ring = FrameRing.builder().size(256).consumer(tap).start();
        StreamRef cam = StreamRef.main("cam");
        long frame = 0;
        for (int i = 0; i < CLIP.size() * 2; i++) {
            int at = i % CLIP.size();
            byte[] au = CLIP.accessUnits().get(at).clone();
            if (i == 10) {
                java.util.Arrays.fill(au, 8, au.length, (byte) 0x5A); // garbage slice data
            }
            if (i == 25) {
                au = corruptParameterSets(au); // a keyframe whose in-band SPS/PPS are garbage
            }
            while (!ring.tryPublish(cam, frame++, new FrameDraft().pts90k(i * 3600L).wallMicros(i * 40_000L).arrivalNanos(System.nanoTime()).key(CLIP.keys().get(at))
                    .runStart(RunStart.when(i == 0)).config(CLIP.config()).payload(Unpooled.wrappedBuffer(au), null))) {
                Thread.sleep(1);
            }
            long sent = i + 1;
            await(() -> { // paced by the analysis itself, however fast this machine decodes: nothing is dropped
                TapStatus now = tap.status("cam");
                return now != null && now.received() == sent && now.queued() == 0;
            });
        }
        await(() -> tap.status("cam").analysed() >= 60);
        ring.close();
        TapStatus st = tap.status("cam");
        tap.close();
        assertThat(st.dropped()).as(st.toString()).isZero();
        assertThat(st.decodeErrors()).as(st.toString()).isPositive();
        assertThat(st.analysed()).as("the last GOP was analysed after the damage").isGreaterThanOrEqualTo(60);
    }

    private static byte[] corruptParameterSets(byte[] au) {
        List<byte[]> nals = new ArrayList<>();
        for (byte[] nal : NalUnits.splitLengthPrefixed(au)) {
            int type = NalUnits.h264Type(nal[0]);
            if (type == NalUnits.H264_SPS || type == NalUnits.H264_PPS) {
                byte[] bad = nal.clone();
                java.util.Arrays.fill(bad, 1, bad.length, (byte) 0xFF);
                nals.add(bad);
            } else {
                nals.add(nal);
            }
        }
        return NalUnits.toLengthPrefixed(nals);
    }

    @Test
    void eventsOfACameraThatGoesSilentAreClosed() throws Exception {
        List<AnalyticsEvent> events = new CopyOnWriteArrayList<>();
        AnalyzerFactory open = (camera, s) -> new FrameAnalyzer() {
            boolean opened;

            @Override
            public void accept(QueuedFrame f) {
                if (!opened) {
                    opened = true;
                    events.add(new AnalyticsEvent(1, camera, "motion", f.wallMicros(), null, 0.5, null, null, null, null));
                }
            }

            @Override
            public void offline() {
                events.add(new AnalyticsEvent(1, "cam", "motion", 0, 99L, 0.5, null, null, null, null));
            }

            @Override
            public void close() {
            }
        };
        AnalyticsTap tap = new AnalyticsTap(c -> AnalyticsSettings.defaults(), open, 1);
        FrameRing ring = FrameRing.builder().size(64).idleMillis(100).consumer(tap).start();
        new ClipFeeder(CLIP, StreamRef.main("cam"), ring).feed(0, 10, true);
        await(() -> events.size() >= 2);
        ring.close();
        tap.close();
        assertThat(events).extracting(AnalyticsEvent::open).containsExactly(true, false);
    }
}
