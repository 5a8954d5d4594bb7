package io.nightjar.storage.writer;

import io.netty.buffer.ByteBuf;
import io.nightjar.recorder.media.CodecConfig;
import io.nightjar.recorder.memory.MemoryBudget;
import io.nightjar.recorder.memory.MemoryUse;
import io.nightjar.recorder.ring.FrameView;
import io.nightjar.recorder.ring.PayloadRecycler;
import io.nightjar.recorder.ring.Payloads;
import io.nightjar.recorder.ring.RunStart;
import java.util.ArrayDeque;

/**
 * The seconds of one camera's stream kept in memory while motion-only recording waits for an
 * event: the access units (retained ring payloads) since the last keyframe at or before {@code now -
 * preRoll}, so that the footage written when an event starts begins with a keyframe before it.
 * Bounded in bytes as well: past {@code maxBytes} whole GOPs are dropped from the front. What it
 * holds is charged to the footage budget ({@link MemoryUse#PRE_ROLL}); when the budget refuses, the
 * pre-roll is emptied and starts again at the next keyframe (it is lossy by nature: only an event
 * makes it footage). Used on the writer thread only.
 */
final class PreRoll {
    /** One buffered access unit (this buffer holds a reference to the payload, which goes home to {@code recycler}). */
    record Frame(ByteBuf payload, PayloadRecycler recycler, long pts90k, long wallMicros, long arrivalNanos, boolean key,
                 RunStart runStart, CodecConfig config) implements FrameView {
    }

    /** Receives replayed frames. */
    interface Replay {
        void frame(Frame f);
    }

    private final ArrayDeque<Frame> frames = new ArrayDeque<>();
    private final MemoryBudget budget;
    private final long maxBytes;
    private long bytes;
    private long dropped;

    PreRoll(MemoryBudget budget, long maxBytes) {
        this.budget = budget;
        this.maxBytes = maxBytes;
    }

    /** Keeps a frame (a reference to its payload; the view itself may be a reused ring slot). */
    void add(FrameView f, long preRollMicros) {
        boolean key = f.key();
        ByteBuf payload = f.payload();
        if (frames.isEmpty() && !key) {
            dropped++; // useless without the keyframe it depends on
            return;
        }
        if (f.runStart() != RunStart.NONE && !key) {
            clear();
            dropped++;
            return;
        }
        if (!budget.tryAcquire(MemoryUse.PRE_ROLL, payload.capacity())) {
            clear();
            dropped++;
            return;
        }
        frames.addLast(new Frame(payload.retain(), f.recycler(), f.pts90k(), f.wallMicros(), f.arrivalNanos(), key, f.runStart(),
                f.config()));
        bytes += payload.capacity();
        trim(f.wallMicros() - preRollMicros);
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
                let(frames.pollFirst());
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
                let(f);
            }
        }
    }

    void clear() {
        Frame f;
        while ((f = frames.pollFirst()) != null) {
            let(f);
        }
    }

    /** Lets go of one frame's payload and its charge. */
    private void let(Frame f) {
        int charge = f.payload().capacity();
        bytes -= charge;
        budget.release(MemoryUse.PRE_ROLL, charge);
        Payloads.release(f.payload(), f.recycler());
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
