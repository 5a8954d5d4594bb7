package io.nightjar.benchmarks.analytics;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.nightjar.analytics.anomaly.ActivityBaseline;
import io.nightjar.analytics.tap.AnalyticsSettings;
import io.nightjar.analytics.tap.CameraAnalyzer;
import io.nightjar.analytics.tap.QueuedFrame;
import io.nightjar.recorder.ring.FrameDraft;
import io.nightjar.recorder.media.CodecConfig;
import io.nightjar.recorder.testing.TestClips;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decode + full analysis (motion, light change, tamper, grid, unusual activity) of one frame of a
 * 640 × 360 H.264 stream (x264, GOP 25, ffmpeg testsrc2 which moves every frame), as one camera's
 * analytics worker does it. One op = one frame; the clip loops with continuous timestamps.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class DecodeMotionBenchmark {
    @Param({"640x360"})
    String size;

    TestClips.Clip clip;
    CodecConfig config;
    ByteBuf[] units;
    CameraAnalyzer analyzer;
    long events;
    int frame;

    @Setup(Level.Trial)
    public void setup() {
        String[] wh = size.split("x");
        clip = TestClips.h264(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]), 25, 25, 4);
        config = clip.config();
        units = new ByteBuf[clip.size()];
        for (int i = 0; i < units.length; i++) {
            units[i] = PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(clip.accessUnits().get(i));
        }
        analyzer = new CameraAnalyzer("bench", AnalyticsSettings.defaults().withMaxFps(0), e -> events++, (c, s, g) -> { },
                new ActivityBaseline(ZoneOffset.UTC), n -> { });
    }

    final FrameDraft draft = new FrameDraft();

    @Benchmark
    public long decodeAndAnalyse() {
        int i = frame % units.length;
        ByteBuf u = units[i];
        analyzer.accept(QueuedFrame.of(draft.pts90k(frame * 3600L).wallMicros(1_795_860_000_000_000L + frame * 40_000L)
                .arrivalNanos(System.nanoTime()).key(clip.keys().get(i)).config(config).payload(u.duplicate(), null), false));
        frame++;
        return events;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        analyzer.close();
        for (ByteBuf u : units) {
            u.release();
        }
    }
}
