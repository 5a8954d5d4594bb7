package io.nightjar.analytics.tap;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.nightjar.analytics.anomaly.ActivityBaseline;
import io.nightjar.analytics.event.AnalyticsEvent;
import io.nightjar.recorder.media.CodecConfig;
import io.nightjar.recorder.ring.FrameDraft;
import io.nightjar.recorder.testing.TestClips;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Synthetic footage from ffmpeg lavfi sources, and running it through a camera analyzer. */
final class Scenarios {
    static final long T0 = 1_795_860_000_000_000L; // 2026-11-28T10:00:00Z
    static final int FPS = 10;

    /**
     * A static scene: one frame of ffmpeg's testsrc2 (colour bars, gradient, checkerboard) with a
     * fixed texture baked in, saved as a PNG and looped, with live sensor noise on top.
     */
    static final String SCENE = scene(640, 360) + ",noise=alls=5:allf=t";

    /** The scene with a white 50 x 60 object crossing it left to right from 3 s to 8 s. */
    static final String WALKER = SCENE + "[bg];color=c=white:s=50x60:r=" + FPS + "[box];"
            + "[bg][box]overlay=x='40+60*t':y=150:enable='between(t,3,8)':shortest=1";

    /** A looped still image of the given size, as a lavfi source. */
    static String scene(int w, int h) {
        try {
            java.nio.file.Path png = java.nio.file.Files.createTempFile("scene" + w + "x" + h, ".png");
            png.toFile().deleteOnExit();
            io.nightjar.recorder.testing.Tools.Result r = io.nightjar.recorder.testing.Tools.run(60, "ffmpeg", "-nostdin", "-v", "error", "-y",
                    "-f", "lavfi", "-i", "testsrc2=s=" + w + "x" + h + ":d=1,noise=alls=20:allf=u", "-frames:v", "1", png.toString());
            if (r.exitCode() != 0) {
                throw new IllegalStateException("ffmpeg could not make the test scene: " + r.stderr());
            }
            return "movie=" + png + ",loop=loop=-1:size=1:start=0,setpts=N/(" + FPS + "*TB)";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Scenarios() {
    }

    static TestClips.Clip clip(String name, String filters, int seconds) {
        String graph = filters.equals("walker") ? WALKER : filters.isEmpty() ? SCENE : SCENE + "," + filters;
        return TestClips.make("h264", 640, 360, FPS, FPS * 2, seconds, graph);
    }

    /** Runs a clip through an analyzer, frames stamped T0 + i/fps; returns the events in order. */
    static List<AnalyticsEvent> run(TestClips.Clip clip, AnalyticsSettings settings, Map<Long, byte[]> grids) {
        List<AnalyticsEvent> events = new ArrayList<>();
        Map<Long, byte[]> g = grids != null ? grids : new ConcurrentHashMap<>();
        CodecConfig config = clip.config();
        try (CameraAnalyzer a = new CameraAnalyzer("cam", settings, events::add, (cam, s, grid) -> g.put(s, grid.clone()),
                new ActivityBaseline(ZoneOffset.UTC), n -> { })) {
            for (int i = 0; i < clip.size(); i++) {
                ByteBuf au = Unpooled.directBuffer().writeBytes(clip.accessUnits().get(i));
                try {
                    a.accept(QueuedFrame.of(new FrameDraft().pts90k(i * 90_000L / FPS).wallMicros(T0 + i * 1_000_000L / FPS)
                            .arrivalNanos(System.nanoTime()).key(clip.keys().get(i)).config(config).payload(au, null), false));
                } finally {
                    au.release();
                }
            }
            a.offline();
        }
        return events;
    }

    /** The last version of each event (closed events replace their open version). */
    static List<AnalyticsEvent> finals(List<AnalyticsEvent> events) {
        Map<Long, AnalyticsEvent> byId = new java.util.LinkedHashMap<>();
        for (AnalyticsEvent e : events) {
            byId.put(e.id(), e);
        }
        return new ArrayList<>(byId.values());
    }

    static List<AnalyticsEvent> ofType(List<AnalyticsEvent> events, String type) {
        return finals(events).stream().filter(e -> e.type().equals(type)).toList();
    }

    static double seconds(long micros) {
        return (micros - T0) / 1e6;
    }
}
