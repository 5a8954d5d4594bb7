package io.nightjar.api.live;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.nightjar.recorder.media.CodecConfig;
import io.nightjar.recorder.memory.MemoryBudget;
import io.nightjar.recorder.memory.MemoryUse;
import io.nightjar.recorder.ring.FrameView;
import io.nightjar.recorder.ring.RunStart;
import io.nightjar.recorder.ring.StreamRef;
import io.nightjar.recorder.media.rtp.RtpPacketizer;
import io.nightjar.recorder.media.mp4.FragmentBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One camera stream's live state: its viewers, the frames since the last keyframe (so a new
 * viewer starts at once, at a keyframe), and the shared packetizer and fragment builder. Frames
 * are turned into packets and fragments only while someone watches (or watched in the last 30 s,
 * to keep the keyframe cache warm for quick reconnects).
 */
final class LiveStream {
    static final int MTU = 1400;
    static final long WARM_NANOS = 30_000_000_000L;
    static final int GOP_MAX_FRAMES = 300;
    static final long GOP_MAX_BYTES = 16L << 20;

    final StreamRef ref;
    private final ByteBufAllocator allocator;
    private final List<LiveSubscriber> subscribers = new CopyOnWriteArrayList<>();
    private final ArrayList<LiveFrame> gop = new ArrayList<>();
    private final FragmentBuilder fragment;
    private final MemoryBudget budget;
    private boolean awaitingKey;
    private final long ssrc = ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL;
    private ByteBuf[] scratch = new ByteBuf[64];
    private int scratchCount;
    private long gopBytes;
    private RtpPacketizer packetizer;
    private CodecConfig packetizerConfig;
    private ByteBuf parameterSets;
    private long origin = Long.MIN_VALUE;
    private long lastPts = Long.MIN_VALUE;
    private long lastDelta = 3600;
    private long fragmentSequence;
    private long lastWatchedNanos = Long.MIN_VALUE;
    private volatile CodecConfig config;
    private volatile long lastFrameWallMicros;
    private volatile int nextSequence = ThreadLocalRandom.current().nextInt(0x10000);
    private volatile long lastRtpTimestamp;

    LiveStream(StreamRef ref, ByteBufAllocator allocator, MemoryBudget budget) {
        this.ref = ref;
        this.allocator = allocator;
        this.budget = budget;
        this.fragment = new FragmentBuilder(budget, MemoryUse.LIVE);
    }


    CodecConfig config() {
        return config;
    }

    long lastFrameWallMicros() {
        return lastFrameWallMicros;
    }

    int viewers() {
        return subscribers.size();
    }

    long ssrc() {
        return ssrc;
    }

    /** The RTP sequence number and timestamp the next packet will carry (RTP-Info of a PLAY reply). */
    int nextSequence() {
        return nextSequence;
    }

    long lastRtpTimestamp() {
        return lastRtpTimestamp;
    }

    /** Adds a viewer and hands it the frames since the last keyframe. */
    synchronized void subscribe(LiveSubscriber s) {
        subscribers.add(s);
        lastWatchedNanos = System.nanoTime();
        for (LiveFrame f : gop) {
            s.offer(f);
        }
    }

    synchronized void unsubscribe(LiveSubscriber s) {
        subscribers.remove(s);
        lastWatchedNanos = System.nanoTime();
    }

    /** On the fan-out thread (or a relayed view's reader: {@link RelayedFeed}). */
    synchronized void onFrame(FrameView e) {
        config = e.config();
        lastFrameWallMicros = e.wallMicros();
        long now = System.nanoTime();
        if (!subscribers.isEmpty()) {
            lastWatchedNanos = now;
        } else if (lastWatchedNanos == Long.MIN_VALUE || now - lastWatchedNanos > WARM_NANOS) {
            clearGop();
            lastPts = e.pts90k();
            origin = Long.MIN_VALUE;
            return;
        }
        if (lastPts != Long.MIN_VALUE && e.pts90k() > lastPts && e.pts90k() - lastPts < 90_000 * 5) {
            lastDelta = e.pts90k() - lastPts;
        }
        lastPts = e.pts90k();
        if (awaitingKey && !e.key()) {
            return;
        }
        LiveFrame f = admitAndBuild(e);
        if (f == null) {
            awaitingKey = true; // viewers skip to the next keyframe, as a slow viewer does
            clearGop();
            return;
        }
        awaitingKey = false;
        if (e.key()) {
            clearGop();
        }
        if (!gop.isEmpty() || e.key()) {
            if (gop.size() < GOP_MAX_FRAMES && gopBytes + f.bytes() <= GOP_MAX_BYTES) {
                gop.add(f.retain());
                gopBytes += f.bytes();
            } else {
                clearGop(); // an absurd GOP: new viewers wait for the next keyframe instead
            }
        }
        for (LiveSubscriber s : subscribers) {
            s.offer(f);
        }
        f.release();
    }

    /**
     * Builds the frame's packets and fragment if the footage budget has room for about twice the
     * access unit (packets plus fragment); null when it refuses or the allocator does. Live viewers
     * give way before any camera's recording (see {@link MemoryBudget#tryAcquire}).
     */
    private LiveFrame admitAndBuild(FrameView e) {
        long estimate = 2L * e.payload().readableBytes() + 1024;
        if (!budget.tryAcquire(MemoryUse.LIVE, estimate)) {
            return null;
        }
        try {
            LiveFrame f = build(e);
            budget.release(MemoryUse.LIVE, estimate);
            budget.acquire(MemoryUse.LIVE, f.bytes()); // given back by the frame's last release
            return f.charged(budget);
        } catch (OutOfMemoryError oom) {
            budget.release(MemoryUse.LIVE, estimate);
            fragment.clear();
            return null;
        }
    }

    private LiveFrame build(FrameView e) {
        CodecConfig c = e.config();
        if (packetizer == null || !c.equals(packetizerConfig)) {
            int seq = packetizer == null ? nextSequence : packetizer.nextSequence();
            packetizer = new RtpPacketizer(c.codec(), 96, ssrc, MTU, seq, allocator, 4);
            packetizerConfig = c;
            parameterSets = ParameterSets.lengthPrefixed(c);
        }
        ByteBuf payload = e.payload();
        scratchCount = 0;
        if (e.key()) {
            // in-band parameter sets before every keyframe: a viewer can start or recover at any keyframe
            packetizer.packetize(parameterSets, e.pts90k(), false, this::addPacket);
        }
        packetizer.packetize(payload, e.pts90k(), this::addPacket);
        ByteBuf[] rtp = new ByteBuf[scratchCount];
        System.arraycopy(scratch, 0, rtp, 0, scratchCount);
        nextSequence = packetizer.nextSequence();
        lastRtpTimestamp = e.pts90k() & 0xFFFFFFFFL;
        if (origin == Long.MIN_VALUE || e.runStart() != RunStart.NONE || e.pts90k() < origin) {
            origin = e.pts90k();
        }
        fragment.add(payload, null, e.pts90k(), e.wallMicros(), e.key());
        ByteBuf header = allocator.heapBuffer(256);
        ByteBuf out;
        int auOffset;
        try {
            fragment.writeHeader(header, ++fragmentSequence, e.pts90k() - origin, e.pts90k() + lastDelta);
            out = allocator.directBuffer(header.readableBytes() + fragment.dataBytes());
            out.writeBytes(header);
            auOffset = out.writerIndex();
            fragment.copyDataTo(out);
        } finally {
            header.release();
            fragment.clear();
        }
        return new LiveFrame(ref, e, rtp, rtp.length, out, auOffset);
    }

    private void addPacket(ByteBuf p) {
        int rtpLength = p.readableBytes() - 4;
        p.setByte(0, '$');
        p.setByte(1, 0);
        p.setShort(2, rtpLength);
        if (scratchCount == scratch.length) {
            scratch = java.util.Arrays.copyOf(scratch, scratchCount * 2);
        }
        scratch[scratchCount++] = p;
    }

    private void clearGop() {
        for (LiveFrame f : gop) {
            f.release();
        }
        gop.clear();
        gopBytes = 0;
    }

    synchronized void close() {
        clearGop();
        for (LiveSubscriber s : subscribers) {
            s.ended();
        }
        subscribers.clear();
        fragment.release();
    }
}
