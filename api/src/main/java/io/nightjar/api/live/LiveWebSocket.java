package io.nightjar.api.live;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.buffer.Unpooled;
import io.nightjar.recorder.media.CodecConfig;
import io.nightjar.recorder.ring.StreamRef;
import io.nightjar.recorder.media.mp4.InitSegment;

/**
 * Browser live view: fMP4 over a WebSocket. After the handshake the viewer receives a text
 * message {@code {"type":"init","codec":"avc1.64001f","width":..,"height":..}}, the init segment
 * (binary), then one binary message per access unit ({@code moof}+{@code mdat}), starting at a
 * keyframe. A new codec configuration repeats the text and init messages. A slow viewer skips to
 * the next keyframe (see {@link LiveQueue}); messages from the browser other than close and ping
 * are ignored.
 */
public final class LiveWebSocket {
    private LiveWebSocket() {
    }

    /** Upgrades the connection and starts streaming; returns false (and answers) when the handshake is not possible. */
    public static boolean start(ChannelHandlerContext ctx, FullHttpRequest req, LiveSource fanout, StreamRef stream) {
        String scheme = ctx.pipeline().get("tls") != null ? "wss" : "ws";
        WebSocketServerHandshakerFactory factory = new WebSocketServerHandshakerFactory(scheme + "://" + req.headers().get("Host")
                + req.uri(), null, false, 64 * 1024);
        WebSocketServerHandshaker hs = factory.newHandshaker(req);
        Channel ch = ctx.channel();
        if (hs == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ch);
            return false;
        }
        CodecConfig[] sent = new CodecConfig[1];
        LiveQueue queue = new LiveQueue(ch, f -> {
            if (sent[0] == null || !sent[0].equals(f.config())) {
                CodecConfig c = f.config();
                sent[0] = c;
                ch.write(new TextWebSocketFrame("{\"type\":\"init\",\"codec\":\"" + c.codecString() + "\",\"width\":" + c.width()
                        + ",\"height\":" + c.height() + ",\"stream\":\"" + stream + "\"}"));
                ch.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(InitSegment.build(c))));
            }
            ch.write(new BinaryWebSocketFrame(f.fmp4().retainedDuplicate()));
        });
        hs.handshake(ch, req).addListener((ChannelFutureListener) done -> {
            if (!done.isSuccess()) {
                ch.close();
                return;
            }
            LiveFanout.Subscription sub = fanout.subscribe(stream, LiveSubscriber.of(queue::offer,
                    () -> ch.writeAndFlush(new CloseWebSocketFrame(1001, "server shutting down")).addListener(ChannelFutureListener.CLOSE)));
            ch.pipeline().addLast("ws-inbound", new LiveInbound(queue::drain));
            ch.closeFuture().addListener(f -> {
                sub.close();
                queue.close();
            });
        });
        return true;
    }
}
