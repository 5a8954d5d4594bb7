package io.nightjar.api.live;

import io.netty.buffer.ByteBuf;
import io.nightjar.recorder.media.CodecConfig;
import io.nightjar.recorder.memory.MemoryBudget;
import io.nightjar.recorder.memory.MemoryUse;
import io.nightjar.recorder.ring.FrameView;
import io.nightjar.recorder.ring.RunStart;
import io.nightjar.recorder.ring.StreamRef;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One access unit as viewers receive it, shared by all of them: its RTP packets (each starting
 * with a 4-byte RTSP interleaved header for channel 0) and its fMP4 fragment ({@code moof}+{@code
 * mdat}), both built once. Reference counted: every queue holding it holds a reference; the last
 * {@link #release()} frees the buffers.
 */
public final class LiveFrame {
    private final StreamRef stream;
    private final long pts90k;
    private final long wallMicros;
    private final long arrivalNanos;
    private final boolean key;
    private final boolean discontinuity;
    private final CodecConfig config;
    private final ByteBuf[] rtp;
    private final int rtpCount;
    private final ByteBuf fmp4;
    private final int bytes;
    private final int accessUnitOffset;
    private final AtomicInteger refs = new AtomicInteger(1);
    private MemoryBudget budget;

    /**
     * @param source           the frame it was built from (its times, flags and configuration are
     *                         copied; its payload is not kept)
     * @param accessUnitOffset where in {@code fmp4} the access unit (the mdat body) starts
     */
    LiveFrame(StreamRef stream, FrameView source, ByteBuf[] rtp, int rtpCount, ByteBuf fmp4, int accessUnitOffset) {
        this.accessUnitOffset = accessUnitOffset;
        this.stream = stream;
        this.pts90k = source.pts90k();
        this.wallMicros = source.wallMicros();
        this.arrivalNanos = source.arrivalNanos();
        this.key = source.key();
        this.discontinuity = source.runStart() != RunStart.NONE;
        this.config = source.config();
        this.rtp = rtp;
        this.rtpCount = rtpCount;
        this.fmp4 = fmp4;
        int n = fmp4 == null ? 0 : fmp4.readableBytes();
        for (int i = 0; i < rtpCount; i++) {
            n += rtp[i].readableBytes();
        }
        this.bytes = n;
    }

    public StreamRef stream() {
        return stream;
    }

    public long pts90k() {
        return pts90k;
    }

    public long wallMicros() {
        return wallMicros;
    }

    /** When the frame's last packet arrived from the camera ({@link System#nanoTime()}). */
    public long arrivalNanos() {
        return arrivalNanos;
    }

    public boolean key() {
        return key;
    }

    /** The camera's stream restarted before this frame (reconnect, clock jump). */
    public boolean discontinuity() {
        return discontinuity;
    }

    public CodecConfig config() {
        return config;
    }

    public int rtpCount() {
        return rtpCount;
    }

    /** Packet {@code i}: {@code $}, channel 0, length, RTP header, payload. Do not modify; duplicate to send. */
    public ByteBuf rtp(int i) {
        return rtp[i];
    }

    /** The fMP4 fragment, or null when no browser viewer asked for it. Do not modify; duplicate to send. */
    public ByteBuf fmp4() {
        return fmp4;
    }

    /** The access unit itself (length-prefixed NAL units: the fragment's mdat body), a view valid while retained. */
    public ByteBuf accessUnit() {
        return fmp4.slice(fmp4.readerIndex() + accessUnitOffset, fmp4.readableBytes() - accessUnitOffset);
    }

    /** Bytes held (for queue bounds). */
    public int bytes() {
        return bytes;
    }

    /** The frame's bytes were charged to {@code budget}; the last release gives them back. */
    LiveFrame charged(MemoryBudget budget) {
        this.budget = budget;
        return this;
    }

    public LiveFrame retain() {
        if (refs.getAndIncrement() <= 0) {
            refs.decrementAndGet();
            throw new IllegalStateException("frame already released");
        }
        return this;
    }

    public void release() {
        int r = refs.decrementAndGet();
        if (r == 0) {
            for (int i = 0; i < rtpCount; i++) {
                rtp[i].release();
            }
            if (fmp4 != null) {
                fmp4.release();
            }
            if (budget != null) {
                budget.release(MemoryUse.LIVE, bytes);
            }
        } else if (r < 0) {
            throw new IllegalStateException("frame released too often");
        }
    }
}
