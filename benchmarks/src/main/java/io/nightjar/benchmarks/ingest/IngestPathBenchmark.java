package io.nightjar.benchmarks.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.nightjar.recorder.media.rtp.DepacketizerSettings;
import io.nightjar.recorder.media.rtp.H264Depacketizer;
import io.nightjar.recorder.ingest.FlowControl;
import io.nightjar.recorder.ingest.StreamPublisher;
import io.nightjar.recorder.ingest.TrackReceiver;
import io.nightjar.recorder.ring.FrameRing;
import io.nightjar.recorder.ring.StreamRef;
import io.nightjar.recorder.rtp.ReceiverReportWriter;
import io.nightjar.recorder.rtsp.InterleavedFrameDecoder;
import io.nightjar.recorder.time.MicrosClock;
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
 * The ingest hot path for one GOP of 1080p-like H.264 (FU-A, MTU 1400): RTP packet parsing,
 * sequence and timestamp tracking, depacketization into pooled access units, wall-clock stamping
 * and publishing into the real frame ring (whose releaser thread frees the payloads).
 *
 * <p>One operation = one GOP; payload throughput = {@code payloadBytes} / time per op (printed at
 * setup). {@code -prof gc} divided by packets per op gives bytes allocated per packet.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Djmh.executor=CUSTOM",
        "-Djmh.executor.class=io.nightjar.benchmarks.EventLoopLikeExecutor", "-Dio.netty.leakDetection.level=disabled"})
public class IngestPathBenchmark {
    @Param({"25"})
    int frames;

    SyntheticGop gop;
    FrameRing ring;
    TrackReceiver receiver;
    EmbeddedChannel framedChannel;

    @Setup(Level.Trial)
    public void setup() {
        gop = new SyntheticGop(frames, 250_000, 40_000);
        ring = FrameRing.builder().size(8192).start();
        StreamPublisher publisher = new StreamPublisher(StreamRef.main("bench"), ring, MicrosClock.SYSTEM);
        publisher.onSessionStart(FlowControl.NONE);
        H264Depacketizer d = new H264Depacketizer(new DepacketizerSettings(PooledByteBufAllocator.DEFAULT,
                DepacketizerSettings.DEFAULT_MAX_ACCESS_UNIT_BYTES, w -> { }), publisher);
        receiver = new TrackReceiver(96, d, publisher, 0, new ReceiverReportWriter(1, "bench"));
        InterleavedFrameDecoder framing = new InterleavedFrameDecoder((ch, buf, index, length) -> receiver.onRtp(buf, index, length));
        framedChannel = new EmbeddedChannel(framing);
        System.out.printf("%n[setup] GOP: %d frames, %d RTP packets, %d payload bytes per op%n",
                gop.frames, gop.packets(), gop.payloadBytes);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ring.close();
        framedChannel.finishAndReleaseAll();
        gop.interleaved.release();
    }

    /** RTP packets (already framed) → depacketizer → ring. */
    @Benchmark
    public long rtpToRing() {
        gop.advance();
        ByteBuf b = gop.interleaved;
        int[] offsets = gop.packetOffsets;
        int[] lengths = gop.packetLengths;
        for (int i = 0; i < offsets.length; i++) {
            receiver.onRtp(b, offsets[i], lengths[i]);
        }
        return receiver.sequence.received.get();
    }

    /** The same, starting one step earlier: interleaved TCP bytes through the framing decoder. */
    @Benchmark
    public long interleavedBytesToRing() {
        gop.advance();
        framedChannel.writeInbound(gop.interleaved.retainedDuplicate());
        return receiver.sequence.received.get();
    }
}
