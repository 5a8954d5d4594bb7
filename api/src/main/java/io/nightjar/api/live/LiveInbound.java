package io.nightjar.api.live;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * A live viewer's side of its WebSocket: a close is answered and closes, a ping is answered,
 * other messages are dropped, and {@code writable} runs when the connection can take more.
 */
final class LiveInbound extends ChannelInboundHandlerAdapter {
    private final Runnable writable;

    LiveInbound(Runnable writable) {
        this.writable = writable;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof CloseWebSocketFrame c) {
            ctx.writeAndFlush(c.retainedDuplicate()).addListener(ChannelFutureListener.CLOSE);
        } else if (msg instanceof PingWebSocketFrame p) {
            ctx.writeAndFlush(new PongWebSocketFrame(p.content().retain()));
        }
        if (msg instanceof WebSocketFrame f) {
            f.release();
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            writable.run();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
