package io.nightjar.api.net;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds a listener's open connections, in total and per source address: a connection past either
 * limit is closed as soon as it is accepted (nothing is read from it), counted, and logged at most
 * once a minute. One instance per listener, first in every connection's pipeline. What it keeps per
 * source is removed with the source's last connection, so its memory follows the open connections.
 */
@ChannelHandler.Sharable
public final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimiter.class);
    private static final AttributeKey<InetAddress> COUNTED = AttributeKey.newInstance("nightjar.connection-counted");
    static final long LOG_EVERY_NANOS = 60_000_000_000L;

    private final String listener;
    private final int total;
    private final int perSource;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> bySource = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    /**
     * @param listener  for messages ("HTTP", "RTSP")
     * @param total     open connections at most
     * @param perSource open connections at most from one address
     */
    public ConnectionLimiter(String listener, int total, int perSource) {
        if (total < 1 || perSource < 1) {
            throw new IllegalArgumentException("connection limits must be positive");
        }
        this.listener = listener;
        this.total = total;
        this.perSource = perSource;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        InetAddress source = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        if (source == null) {
            super.channelActive(ctx);
            return;
        }
        if (open.incrementAndGet() > total) {
            open.decrementAndGet();
            refuse(ctx, source, "the listener's " + total);
            return;
        }
        AtomicInteger mine = bySource.compute(source, (k, n) -> {
            AtomicInteger c = n == null ? new AtomicInteger() : n;
            c.incrementAndGet();
            return c;
        });
        if (mine.get() > perSource) {
            release(source);
            open.decrementAndGet();
            refuse(ctx, source, perSource + " per address");
            return;
        }
        ctx.channel().attr(COUNTED).set(source);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        InetAddress source = ctx.channel().attr(COUNTED).getAndSet(null);
        if (source != null) {
            release(source);
            open.decrementAndGet();
        }
        super.channelInactive(ctx);
    }

    private void release(InetAddress source) {
        bySource.computeIfPresent(source, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    private void refuse(ChannelHandlerContext ctx, InetAddress source, String limit) {
        long n = refused.incrementAndGet();
        long now = System.nanoTime();
        long last = lastLog.get();
        if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
            LOG.warn("{}: connection from {} refused: over {} open connections ({} refused so far)", listener, source.getHostAddress(), limit, n);
        }
        ctx.close();
    }

    /** Connections open now. */
    public int open() {
        return open.get();
    }

    /** Addresses with a connection open now. */
    public int sources() {
        return bySource.size();
    }

    /** Connections refused since the start. */
    public long refused() {
        return refused.get();
    }
}
