package io.nightjar.api.live;

import io.netty.buffer.ByteBufAllocator;
import io.nightjar.recorder.memory.MemoryBudget;
import io.nightjar.recorder.memory.MemoryUse;
import io.netty.buffer.PooledByteBufAllocator;
import io.nightjar.recorder.media.CodecConfig;
import io.nightjar.recorder.ring.FrameConsumer;
import io.nightjar.recorder.ring.FrameEvent;
import io.nightjar.recorder.ring.StreamRef;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live ring consumer: lossy, returns in microseconds. Per camera stream it builds each access
 * unit's RTP packets and fMP4 fragment once, while someone watches, and offers them to every
 * viewer's own bounded queue.
 */
public final class LiveFanout implements FrameConsumer, LiveSource, AutoCloseable {
    private final Map<StreamRef, LiveStream> streams = new ConcurrentHashMap<>();
    private final ByteBufAllocator allocator;
    private final MemoryBudget budget;

    public LiveFanout() {
        this(PooledByteBufAllocator.DEFAULT, MemoryBudget.unlimited());
    }

    /** @param budget live frames are charged to it ({@link MemoryUse#LIVE}) and skipped when it refuses */
    public LiveFanout(ByteBufAllocator allocator, MemoryBudget budget) {
        this.allocator = allocator;
        this.budget = budget;
    }

    /** A registration; closing it removes the viewer. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    @Override
    public String name() {
        return "live-fanout";
    }

    @Override
    public Delivery delivery() {
        return Delivery.LOSSY;
    }

    @Override
    public void onFrame(FrameEvent event, boolean endOfBatch) {
        stream(event.stream()).onFrame(event);
    }

    private LiveStream stream(StreamRef ref) {
        return streams.computeIfAbsent(ref, r -> new LiveStream(r, allocator, budget));
    }

    /** Adds a viewer of a stream; it first receives the frames since the last keyframe, if any are cached. */
    @Override
    public Subscription subscribe(StreamRef ref, LiveSubscriber subscriber) {
        LiveStream s = stream(ref);
        s.subscribe(subscriber);
        return () -> s.unsubscribe(subscriber);
    }

    /** The stream's current codec configuration, or null if no frame was seen yet. */
    public CodecConfig config(StreamRef ref) {
        LiveStream s = streams.get(ref);
        return s == null ? null : s.config();
    }

    /** Wall time of the stream's last frame, or 0. */
    public long lastFrameWallMicros(StreamRef ref) {
        LiveStream s = streams.get(ref);
        return s == null ? 0 : s.lastFrameWallMicros();
    }

    @Override
    public long[] rtpInfo(StreamRef ref) {
        LiveStream s = streams.get(ref);
        return s == null ? new long[] {0, 0, 0} : new long[] {s.nextSequence(), s.lastRtpTimestamp(), s.ssrc()};
    }

    public int viewers(StreamRef ref) {
        LiveStream s = streams.get(ref);
        return s == null ? 0 : s.viewers();
    }

    public int viewers() {
        int n = 0;
        for (LiveStream s : streams.values()) {
            n += s.viewers();
        }
        return n;
    }

    @Override
    public void onShutdown() {
        close();
    }

    @Override
    public void close() {
        for (LiveStream s : streams.values()) {
            s.close();
        }
    }
}
