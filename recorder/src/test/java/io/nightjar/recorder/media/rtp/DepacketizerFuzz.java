package io.nightjar.recorder.media.rtp;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.nightjar.recorder.media.CodecConfig;
import io.nightjar.recorder.testing.TrackingAllocator;

/**
 * Fuzz target: a run of RTP payloads (single NAL units, STAP-A, FU-A, H.265 AP and FU, with or
 * without DONL, SPS/PPS in band) with markers, timestamps and losses into the H.264 or H.265
 * depacketizer. Nothing may throw; every access unit is within the size limit and is whole
 * 4-byte length-prefixed NAL units; after a reset no buffer is left referenced.
 */
public final class DepacketizerFuzz {
    static final int MAX_ACCESS_UNIT = 256 * 1024;

    private DepacketizerFuzz() {
    }

    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        TrackingAllocator allocator = new TrackingAllocator();
        DepacketizerSettings settings = new DepacketizerSettings(allocator, MAX_ACCESS_UNIT, warning -> { });
        AccessUnitListener check = new AccessUnitListener() {
            @Override
            public void onAccessUnit(ByteBuf au, long pts90k, boolean key, CodecConfig config) {
                try {
                    if (au.readableBytes() > MAX_ACCESS_UNIT) {
                        throw new IllegalStateException("access unit of " + au.readableBytes() + " bytes over the limit");
                    }
                    int i = au.readerIndex();
                    while (i < au.writerIndex()) {
                        if (au.writerIndex() - i < 4) {
                            throw new IllegalStateException("a length prefix cut short");
                        }
                        long n = au.getUnsignedInt(i);
                        if (n == 0 || i + 4 + n > au.writerIndex()) {
                            throw new IllegalStateException("NAL length " + n + " at " + i + " runs past the access unit");
                        }
                        i += 4 + (int) n;
                    }
                } finally {
                    au.release();
                }
            }

            @Override
            public boolean discardsDeltaFrames() {
                return false;
            }
        };
        int kind = data.consumeInt(0, 2);
        AbstractDepacketizer d = switch (kind) {
            case 0 -> new H264Depacketizer(settings, check);
            case 1 -> new H265Depacketizer(settings, check, false);
            default -> new H265Depacketizer(settings, check, true);
        };
        long ts = data.consumeInt(0, Integer.MAX_VALUE);
        while (data.remainingBytes() > 2) {
            int op = data.consumeInt(0, 15);
            if (op == 0) {
                d.onLoss();
                continue;
            }
            if (op == 1) {
                ts += data.consumeInt(0, 9000);
            }
            boolean marker = data.consumeBoolean();
            byte[] payload = data.consumeBytes(data.consumeInt(0, 3000));
            ByteBuf b = Unpooled.wrappedBuffer(payload);
            d.onPacket(b, 0, payload.length, ts, marker);
        }
        d.flush();
        d.reset();
        if (allocator.live() != 0) {
            throw new IllegalStateException(allocator.live() + " depacketizer buffers still referenced after a reset");
        }
    }
}
