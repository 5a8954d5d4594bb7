package io.nightjar.api.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A request must arrive whole, head and body, within a time (default {@link #SECONDS}) of its first byte, else the
 * connection is closed: a client that trickles a header a byte at a time (slowloris) holds a
 * connection for seconds, not for the idle timeout. Sits before the HTTP codec; its {@link #done}
 * half sits after the aggregator and stops the clock when the request is complete. Once the
 * connection is upgraded to a WebSocket (no HTTP codec left) it stands aside.
 */
final class RequestDeadline extends ChannelInboundHandlerAdapter {
    static final int SECONDS = 30;

    private final long seconds;
    private ScheduledFuture<?> pending;

    RequestDeadline(long seconds) {
        this.seconds = seconds;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (pending == null && ctx.pipeline().get(HttpServerCodec.class) != null) {
            pending = ctx.executor().schedule(() -> {
                if (pending != null) {
                    ctx.close();
                }
            }, seconds, TimeUnit.SECONDS);
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stop();
        super.channelInactive(ctx);
    }

    private void stop() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    /** The half after the aggregator: a whole request arrived. */
    ChannelInboundHandlerAdapter done() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext c, Object msg) throws Exception {
                stop();
                super.channelRead(c, msg);
            }
        };
    }
}
