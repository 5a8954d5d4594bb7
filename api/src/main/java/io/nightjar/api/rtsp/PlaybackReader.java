package io.nightjar.api.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.buffer.Unpooled;
import io.nightjar.api.live.ParameterSets;
import io.nightjar.api.service.FrameReader;
import io.nightjar.api.service.RecordedFrame;
import io.nightjar.recorder.media.CodecConfig;
import io.nightjar.recorder.media.rtp.RtpPacketizer;
import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays recordings of one camera to one RTSP reader in real time (or at {@code scale}): from the
 * keyframe at or before the requested start (frames before the start go out at once, so the
 * picture is ready at the start), paced by the recorded timestamps, skipping gaps, with parameter
 * sets in-band before every keyframe; an RTCP BYE ends it. Runs on the playback executor, never
 * on an event loop: reading files blocks.
 */
final class PlaybackReader implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(PlaybackReader.class);
    private static final long GAP_MICROS = 2_000_000;

    private final String camera;
    private final long from;
    private final double scale;
    private final PacketOut out;
    private final Channel control;
    private final ScheduledExecutorService executor;
    private final Runnable onEnd;
    private final FrameReader frames;
    private RecordedFrame peeked;
    private final long ssrc = ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL;
    private RtpPacketizer packetizer;
    private CodecConfig packetizerConfig;
    private ByteBuf parameterSets;
    private long rtpTimestamp = ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL;
    private long originNanos;
    private long originWall;
    private long lastWall = Long.MIN_VALUE;
    private volatile boolean stopped;
    private volatile long position;
    private long framesSent;

    /** @param frames the range's frames from the keyframe at or before {@code from}; closed when playback ends */
    PlaybackReader(FrameReader frames, String camera, long from, double scale, PacketOut out, Channel control,
                   ScheduledExecutorService executor, Runnable onEnd) {
        this.camera = camera;
        this.from = from;
        this.scale = scale;
        this.out = out;
        this.control = control;
        this.executor = executor;
        this.onEnd = onEnd;
        this.frames = frames;
        this.position = from;
    }

    long ssrc() {
        return ssrc;
    }

    long rtpTimestamp() {
        return rtpTimestamp;
    }

    int nextSequence() {
        return packetizer == null ? 0 : packetizer.nextSequence();
    }

    /** Wall time of the last frame sent (where a PAUSE leaves off). */
    long position() {
        return position;
    }

    void start() {
        executor.execute(this);
    }

    void stop() {
        stopped = true;
        executor.execute(this::releaseAll);
    }

    @Override
    public synchronized void run() {
        if (stopped) {
            return;
        }
        try {
            step();
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: playback stopped: {}", camera, e.toString());
            finish();
        }
    }

    private void step() throws IOException {
        if (!control.isActive()) {
            stopped = true;
            releaseAll();
            return;
        }
        if (!control.isWritable()) {
            executor.schedule(this, 10, TimeUnit.MILLISECONDS);
            return;
        }
        int sent = 0;
        while (!stopped) {
            if (peeked == null) {
                peeked = frames.next();
            }
            if (peeked == null) {
                out.flush();
                finish();
                return;
            }
            RecordedFrame s = peeked;
            long now = System.nanoTime();
            long due = now; // frames before the start go at once: the picture is ready at the start
            if (s.wallMicros() >= from) {
                if (originNanos == 0 || (lastWall != Long.MIN_VALUE && s.wallMicros() - lastWall > GAP_MICROS)) {
                    originNanos = now; // the start, or a gap in the recording (skipped)
                    originWall = s.wallMicros();
                }
                due = originNanos + (long) ((s.wallMicros() - originWall) * 1000 / scale);
            }
            if (due - now > 1_000_000 || sent > 64 || !control.isWritable()) {
                out.flush();
                long delay = Math.max(0, due - now);
                executor.schedule(this, control.isWritable() ? delay : 10_000_000, TimeUnit.NANOSECONDS);
                return;
            }
            peeked = null; // its data stays valid until the next frame is read
            send(s);
            lastWall = s.wallMicros();
            position = s.wallMicros();
            sent++;
        }
    }

    private void send(RecordedFrame s) {
        CodecConfig c = s.config();
        if (packetizer == null || !c.equals(packetizerConfig)) {
            int seq = packetizer == null ? ThreadLocalRandom.current().nextInt(0x10000) : packetizer.nextSequence();
            packetizer = new RtpPacketizer(c.codec(), 96, ssrc, 1400, seq, PooledByteBufAllocator.DEFAULT, 4);
            packetizerConfig = c;
            parameterSets = ParameterSets.lengthPrefixed(c);
        }
        RtpPacketizer.PacketSink sink = p -> {
            try {
                out.rtp(p);
            } finally {
                p.release();
            }
        };
        if (s.key()) {
            packetizer.packetize(parameterSets, rtpTimestamp, false, sink);
        }
        packetizer.packetize(Unpooled.wrappedBuffer(s.data()), rtpTimestamp, sink); // a view: packets copy what they carry
        rtpTimestamp += s.durationTicks();
        framesSent++;
    }

    private void finish() {
        if (stopped) {
            return;
        }
        stopped = true;
        out.rtcp(RtcpBye.bye(PooledByteBufAllocator.DEFAULT, ssrc));
        out.flush();
        releaseAll();
        onEnd.run();
    }

    private synchronized void releaseAll() {
        peeked = null;
        frames.close();
    }

    long framesSent() {
        return framesSent;
    }
}
