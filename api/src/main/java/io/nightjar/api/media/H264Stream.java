package io.nightjar.api.media;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.nightjar.recorder.media.CodecConfig;
import io.nightjar.recorder.media.MalformedBitstreamException;
import io.nightjar.recorder.ring.FrameDraft;
import io.nightjar.recorder.ring.FrameSink;
import io.nightjar.recorder.ring.RunStart;
import io.nightjar.recorder.ring.StreamRef;

/**
 * Publishes an encoder's access units into a frame ring as one camera stream would: parameter
 * sets become the {@link CodecConfig} (and are left out of the access units), NAL units are
 * length-prefixed, timestamps are 90 kHz at a fixed frame rate. Single-threaded.
 */
public final class H264Stream {
    private final FrameSink sink;
    private final StreamRef stream;
    private final int fps;
    private CodecConfig config;
    private byte[] sps;
    private byte[] pps;
    private final FrameDraft draft = new FrameDraft();
    private long frameNumber;
    private long published;

    public H264Stream(FrameSink sink, StreamRef stream, int fps) {
        this.sink = sink;
        this.stream = stream;
        this.fps = fps;
    }

    /** @return false when the unit was not published (no parameter sets yet, or the ring was full) */
    public boolean publish(H264Encoder.Unit u, long wallMicros) {
        int size = 0;
        for (byte[] nal : u.nals()) {
            int type = nal.length == 0 ? 0 : nal[0] & 0x1F;
            if (type == 7) {
                sps = nal;
            } else if (type == 8) {
                pps = nal;
            } else if (type != 9 && nal.length > 0) {
                size += 4 + nal.length;
            }
        }
        if (sps == null || pps == null || size == 0) {
            return false;
        }
        if (config == null || !config.matches(null, sps, pps)) {
            try {
                config = CodecConfig.h264(sps, pps);
            } catch (MalformedBitstreamException e) {
                return false;
            }
        }
        ByteBuf au = PooledByteBufAllocator.DEFAULT.directBuffer(size);
        for (byte[] nal : u.nals()) {
            int type = nal.length == 0 ? 0 : nal[0] & 0x1F;
            if (type != 7 && type != 8 && type != 9 && nal.length > 0) {
                au.writeInt(nal.length).writeBytes(nal);
            }
        }
        long pts = frameNumber++ * 90_000L / fps;
        draft.pts90k(pts).wallMicros(wallMicros).arrivalNanos(System.nanoTime()).key(u.key())
                .runStart(RunStart.NONE).config(config).payload(au, null);
        if (!sink.tryPublish(stream, frameNumber, draft)) {
            au.release();
            return false;
        }
        published++;
        return true;
    }

    public long published() {
        return published;
    }
}
