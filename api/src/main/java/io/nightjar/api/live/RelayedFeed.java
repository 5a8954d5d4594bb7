package io.nightjar.api.live;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.nightjar.api.service.Live;
import io.nightjar.recorder.media.CodecConfig;
import io.nightjar.recorder.media.mp4.Boxes;
import io.nightjar.recorder.media.mp4.FragmentInfo;
import io.nightjar.recorder.media.mp4.Mp4FormatException;
import io.nightjar.recorder.media.mp4.SampleEntries;
import io.nightjar.recorder.media.mp4.SegmentFileReader;
import io.nightjar.recorder.memory.MemoryBudget;
import io.nightjar.recorder.ring.FrameView;
import io.nightjar.recorder.ring.PayloadRecycler;
import io.nightjar.recorder.ring.RunStart;
import io.nightjar.recorder.ring.StreamRef;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A camera another node records, as a live source of this node: the recording node's live
 * WebSocket ({@link Live.Relay}, opened as the viewer, so that node checks the viewer's cameras and
 * audits the viewing) read here, its init segment giving the codec configuration and each fragment
 * one access unit, which a {@link LiveStream} of this node turns into RTP packets and fragments.
 * An RTSP reader of this node so plays another node's camera through the same packetizer, bounded
 * queue and footage budget as one of its own.
 *
 * <p>One upstream per feed, read one message at a time (the next is asked for once the last was
 * handed on; a slow reader skips to the next keyframe in its own queue, as for local cameras).
 * Presentation times continue across the other node's restarts of its fragment clock (its camera
 * reconnecting), so RTP timestamps never run backwards; such a frame starts a new run. A message
 * over 16 MiB, a malformed one, or the other node going away ends the feed: its viewers are told
 * ({@link LiveSubscriber#ended()}), and an RTSP client reconnects, to whichever node it likes.
 */
public final class RelayedFeed implements LiveSource, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RelayedFeed.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    /** Largest message read (a keyframe of a 4K camera is well below). */
    static final int MAX_MESSAGE = 16 * 1024 * 1024;

    private final Live.Relay relay;
    private final LiveStream stream;
    private final Consumer<CodecConfig> onConfig;
    private final AtomicReference<WebSocket> socket = new AtomicReference<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ByteArrayOutputStream message = new ByteArrayOutputStream();
    private boolean oversized;
    private volatile CodecConfig config;
    private long lastBase = Long.MIN_VALUE;
    private long lastPts = Long.MIN_VALUE;
    private long lastDuration = 3600;
    private long shift;

    RelayedFeed(StreamRef ref, Live.Relay relay, ByteBufAllocator allocator, MemoryBudget budget, Consumer<CodecConfig> onConfig) {
        this.relay = relay;
        this.stream = new LiveStream(ref, allocator, budget);
        this.onConfig = onConfig;
    }

    /**
     * Connects to the recording node at once (the first keyframe may be on its way before the
     * viewer subscribes). {@code onConfig} hears every codec configuration the other node sends.
     */
    public static RelayedFeed open(StreamRef ref, Live.Relay relay, ByteBufAllocator allocator, MemoryBudget budget,
                                   Consumer<CodecConfig> onConfig) {
        RelayedFeed feed = new RelayedFeed(ref, relay, allocator, budget, onConfig);
        HTTP.newWebSocketBuilder().header("Authorization", relay.authorization()).connectTimeout(Duration.ofSeconds(3))
                .buildAsync(relay.uri(), feed.new Upstream()).whenComplete((ws, e) -> {
                    if (e != null) {
                        LOG.warn("the live view of node {} cannot be opened: {}", relay.node(), e.toString());
                        feed.close();
                    }
                });
        return feed;
    }

    /** The codec configuration the other node last sent, or null before its init segment. */
    public CodecConfig config() {
        return config;
    }

    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public LiveFanout.Subscription subscribe(StreamRef ref, LiveSubscriber subscriber) {
        stream.subscribe(subscriber);
        if (closed.get()) {
            subscriber.ended();
        }
        return () -> stream.unsubscribe(subscriber);
    }

    @Override
    public long[] rtpInfo(StreamRef ref) {
        return new long[] {stream.nextSequence(), stream.lastRtpTimestamp(), stream.ssrc()};
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            WebSocket ws = socket.get();
            if (ws != null) {
                ws.abort();
            }
            stream.close();
        }
    }

    /** One whole message of the other node: the init segment or a fragment (on the upstream's thread; package-private for tests). */
    void onMessage(byte[] bytes) throws Mp4FormatException {
        if (bytes.length >= 8 && bytes[4] == 'f' && bytes[5] == 't' && bytes[6] == 'y' && bytes[7] == 'p') {
            CodecConfig c = SampleEntries.codecConfig(SegmentFileReader.readInit(bytes).sampleEntry());
            config = c;
            onConfig.accept(c);
            return;
        }
        CodecConfig c = config;
        if (c == null) {
            throw new Mp4FormatException("a fragment before the init segment");
        }
        FragmentInfo f = SegmentFileReader.readFragment(bytes);
        RunStart run = RunStart.NONE;
        if (lastBase == Long.MIN_VALUE || f.baseDecodeTime() < lastBase) {
            // the first fragment, or the other node restarted its fragment clock (its camera reconnected)
            run = RunStart.STREAM_START;
            shift = lastPts == Long.MIN_VALUE ? 0 : lastPts + lastDuration - f.baseDecodeTime();
        }
        lastBase = f.baseDecodeTime();
        long pts = f.baseDecodeTime() + shift;
        long wall = f.wallMicros() >= 0 ? f.wallMicros() : System.currentTimeMillis() * 1000;
        long arrival = System.nanoTime();
        int offset = (int) f.dataOffset();
        for (int i = 0; i < f.samples(); i++) {
            int size = f.sampleSizes()[i];
            ByteBuf payload = Unpooled.wrappedBuffer(bytes, offset, size);
            try {
                stream.onFrame(new Relayed(payload, pts, wall, arrival, Boxes.isKey(f.sampleFlags()[i]), run, c));
            } finally {
                payload.release();
            }
            lastPts = pts;
            if (f.sampleDurations()[i] > 0) {
                lastDuration = f.sampleDurations()[i];
            }
            wall += lastDuration * 100 / 9; // 90 kHz ticks to µs
            pts += lastDuration;
            offset += size;
            run = RunStart.NONE;
        }
    }

    /** An access unit read from the other node. */
    private record Relayed(ByteBuf payload, long pts90k, long wallMicros, long arrivalNanos, boolean key, RunStart runStart,
                           CodecConfig config) implements FrameView {
        @Override
        public PayloadRecycler recycler() {
            return null;
        }
    }

    /** The other node's WebSocket. */
    private final class Upstream implements WebSocket.Listener {
        @Override
        public void onOpen(WebSocket ws) {
            socket.set(ws);
            if (closed.get()) {
                ws.abort();
                return;
            }
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            ws.request(1); // the init message's JSON: what the init segment that follows says exactly
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            if (!oversized && message.size() + data.remaining() <= MAX_MESSAGE) {
                byte[] chunk = new byte[data.remaining()];
                data.get(chunk);
                message.write(chunk, 0, chunk.length);
            } else {
                oversized = true;
            }
            if (!last) {
                ws.request(1);
                return null;
            }
            try {
                if (oversized) {
                    LOG.warn("node {} sent a live message over {} bytes: closing the relayed view", relay.node(), MAX_MESSAGE);
                    close();
                    return null;
                }
                onMessage(message.toByteArray());
                ws.request(1);
            } catch (Mp4FormatException | RuntimeException e) {
                LOG.warn("node {} sent a live message this node cannot read ({}): closing the relayed view", relay.node(), e.getMessage());
                close();
            } finally {
                message.reset();
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            LOG.debug("node {} closed the relayed live view: {} {}", relay.node(), status, reason);
            close();
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            LOG.debug("the live view relayed from node {} ended: {}", relay.node(), error.toString());
            close();
        }
    }
}
