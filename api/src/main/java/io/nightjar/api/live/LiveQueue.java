package io.nightjar.api.live;

import io.netty.channel.Channel;
import io.nightjar.recorder.stats.Counter;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One viewer's bounded queue of frames and its delivery on the viewer's channel.
 *
 * <p>The fan-out thread offers; the channel's event loop drains while the socket is writable.
 * When the viewer falls behind (the queue reaches its frame or byte bound) everything queued is
 * dropped and delivery resumes at the next keyframe: the viewer sees a jump, never a smear, and
 * never holds memory or other viewers back. A new viewer starts at a keyframe.
 */
public final class LiveQueue {
    /** Writes one frame to the channel (without flushing); runs on the channel's event loop. */
    @FunctionalInterface
    public interface Writer {
        void write(LiveFrame frame);
    }

    public static final int DEFAULT_MAX_FRAMES = 256;
    public static final long DEFAULT_MAX_BYTES = 8L << 20;

    private final Channel channel;
    private final Writer writer;
    private final int maxFrames;
    private final long maxBytes;
    private final ArrayDeque<LiveFrame> queue = new ArrayDeque<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable drainTask = this::drain;
    private long bytes;
    private boolean waitingForKey = true;
    private boolean closed;

    public final Counter delivered = new Counter();
    public final Counter dropped = new Counter();
    public final Counter skips = new Counter();

    public LiveQueue(Channel channel, Writer writer, int maxFrames, long maxBytes) {
        this.channel = channel;
        this.writer = writer;
        this.maxFrames = maxFrames;
        this.maxBytes = maxBytes;
    }

    public LiveQueue(Channel channel, Writer writer) {
        this(channel, writer, DEFAULT_MAX_FRAMES, DEFAULT_MAX_BYTES);
    }

    /** Enqueues a frame (any thread); never blocks. */
    public void offer(LiveFrame f) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (!waitingForKey && (queue.size() >= maxFrames || bytes + f.bytes() > maxBytes)) {
                dropped.add(queue.size());
                clearLocked();
                skips.increment();
                waitingForKey = true;
            }
            if (waitingForKey) {
                if (!f.key()) {
                    dropped.increment();
                    return;
                }
                waitingForKey = false;
            }
            queue.addLast(f.retain());
            bytes += f.bytes();
        }
        if (scheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(drainTask);
        }
    }

    /** Writes queued frames while the channel accepts them; call again when it becomes writable. */
    public void drain() {
        scheduled.set(false);
        boolean wrote = false;
        while (channel.isActive() && channel.isWritable()) {
            LiveFrame f;
            synchronized (this) {
                f = queue.pollFirst();
                if (f != null) {
                    bytes -= f.bytes();
                }
            }
            if (f == null) {
                break;
            }
            try {
                writer.write(f);
                delivered.increment();
            } finally {
                f.release();
            }
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
    }

    /** Frames waiting. */
    public synchronized int size() {
        return queue.size();
    }

    /** Drops everything and accepts nothing more. */
    public void close() {
        synchronized (this) {
            closed = true;
            clearLocked();
        }
    }

    private void clearLocked() {
        LiveFrame f;
        while ((f = queue.pollFirst()) != null) {
            f.release();
        }
        bytes = 0;
    }
}
