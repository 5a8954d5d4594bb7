package io.nightjar.storage.writer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.nightjar.recorder.media.CodecConfig;
import java.util.ArrayDeque;

/**
 * The seconds of one camera's stream kept in memory while motion-only recording waits for an
 * event: copies of the access units since the last keyframe at or before {@code now - preRoll},
 * so that the footage written when an event starts begins with a keyframe before it. Bounded in
 * bytes as well: past {@code maxBytes} whole GOPs are dropped from the front. Used on the writer
 * thread only.
 */
final class PreRoll {
    /** One buffered access unit (the payload is a copy this buffer owns). */
    record Frame(ByteBuf payload, long pts90k, long wallMicros, long arrivalNanos, boolean key, boolean discontinuity,
                 CodecConfig config) {
    }

    /** Receives replayed frames. */
    interface Replay {
        void frame(Frame f);
    }

    private final ArrayDeque<Frame> frames = new ArrayDeque<>();
    private final ByteBufAllocator allocator;
    private final long maxBytes;
    private long bytes;
    private long dropped;

    PreRoll(ByteBufAllocator allocator, long maxBytes) {
        this.allocator = allocator;
        this.maxBytes = maxBytes;
    }

    void add(ByteBuf payload, long pts90k, long wallMicros, long arrivalNanos, boolean key, boolean discontinuity, CodecConfig config,
             long preRollMicros) {
        if (frames.isEmpty() && !key) {
            dropped++; // useless without the keyframe it depends on
            return;
        }
        if (discontinuity && !key) {
            clear();
            dropped++;
            return;
        }
        ByteBuf copy = allocator.directBuffer(payload.readableBytes());
        copy.writeBytes(payload, payload.readerIndex(), payload.readableBytes());
        frames.addLast(new Frame(copy, pts90k, wallMicros, arrivalNanos, key, discontinuity, config));
        bytes += copy.readableBytes();
        trim(wallMicros - preRollMicros);
    }

    /** Drops leading GOPs while the next GOP still starts at or before {@code keepFrom}, or while over the byte bound. */
    private void trim(long keepFrom) {
        while (true) {
            Frame secondKey = null;
            boolean first = true;
            for (Frame f : frames) {
                if (!first && f.key()) {
                    secondKey = f;
                    break;
                }
                first = false;
            }
            if (secondKey == null || (secondKey.wallMicros() > keepFrom && bytes <= maxBytes)) {
                return;
            }
            while (frames.peekFirst() != secondKey) {
                Frame f = frames.pollFirst();
                bytes -= f.payload().readableBytes();
                f.payload().release();
                dropped++;
            }
        }
    }

    /**
     * Hands the buffered frames from the last keyframe at or before {@code keepFrom}, oldest
     * first, to {@code replay} and empties the buffer.
     */
    void drain(long keepFrom, Replay replay) {
        trim(keepFrom);
        Frame f;
        while ((f = frames.pollFirst()) != null) {
            try {
                replay.frame(f);
            } finally {
                f.payload().release();
            }
        }
        bytes = 0;
    }

    void clear() {
        Frame f;
        while ((f = frames.pollFirst()) != null) {
            f.payload().release();
        }
        bytes = 0;
    }

    boolean isEmpty() {
        return frames.isEmpty();
    }

    int size() {
        return frames.size();
    }

    long bytes() {
        return bytes;
    }

    long dropped() {
        return dropped;
    }
}
