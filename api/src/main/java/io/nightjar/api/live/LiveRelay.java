package io.nightjar.api.live;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.nightjar.api.service.Live;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live view of a camera another node records, relayed: the viewer's WebSocket is accepted
 * here, a WebSocket to the recording node is opened as the viewer ({@link Live.Relay}), and its
 * messages (the init text, the init segment, one fragment per frame) are passed on unchanged. One
 * message at a time: the next is asked of the other node only once the viewer's connection can take
 * it, so a slow viewer slows the other node's connection, whose own queue then skips to the next
 * keyframe (as for any slow viewer there); nothing here grows. Either side closing closes the other.
 */
public final class LiveRelay {
    private static final Logger LOG = LoggerFactory.getLogger(LiveRelay.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    /** Largest message relayed (a keyframe of a 4K camera is well below). */
    private static final int MAX_MESSAGE = 16 * 1024 * 1024;

    private LiveRelay() {
    }

    /** Upgrades the viewer's connection and starts relaying; false (and answered) when the handshake is not possible. */
    public static boolean start(ChannelHandlerContext ctx, FullHttpRequest req, Live.Relay relay) {
        String scheme = ctx.pipeline().get("tls") != null ? "wss" : "ws";
        WebSocketServerHandshaker hs = new WebSocketServerHandshakerFactory(scheme + "://" + req.headers().get("Host") + req.uri(), null, false,
                64 * 1024).newHandshaker(req);
        Channel viewer = ctx.channel();
        if (hs == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(viewer);
            return false;
        }
        hs.handshake(viewer, req).addListener((ChannelFutureListener) done -> {
            if (!done.isSuccess()) {
                viewer.close();
                return;
            }
            Upstream up = new Upstream(viewer, relay.node());
            viewer.pipeline().addLast("ws-relay", new LiveInbound(up::writable));
            HTTP.newWebSocketBuilder().header("Authorization", relay.authorization()).connectTimeout(Duration.ofSeconds(3))
                    .buildAsync(relay.uri(), up).whenComplete((ws, e) -> {
                        if (e != null) {
                            LOG.warn("the live view of node {} cannot be opened: {}", relay.node(), e.toString());
                            viewer.writeAndFlush(new CloseWebSocketFrame(1011, "the recording node " + relay.node() + " does not answer"))
                                    .addListener(ChannelFutureListener.CLOSE);
                        }
                    });
            viewer.closeFuture().addListener(f -> up.close());
        });
        return true;
    }

    /** The other node's WebSocket: its messages go to the viewer, one at a time. */
    private static final class Upstream implements WebSocket.Listener {
        private final Channel viewer;
        private final String node;
        private final AtomicReference<WebSocket> socket = new AtomicReference<>();
        private final AtomicBoolean waiting = new AtomicBoolean();
        private ByteBuf binary;
        private StringBuilder text;

        Upstream(Channel viewer, String node) {
            this.viewer = viewer;
            this.node = node;
        }

        @Override
        public void onOpen(WebSocket ws) {
            socket.set(ws);
            if (!viewer.isActive()) {
                ws.abort();
                return;
            }
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            if (text == null) {
                text = new StringBuilder();
            }
            text.append(data);
            if (last) {
                String message = text.toString();
                text = null;
                viewer.writeAndFlush(new TextWebSocketFrame(message));
            }
            next(ws);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            if (binary == null) {
                binary = Unpooled.buffer(data.remaining());
            }
            if (binary.readableBytes() + data.remaining() > MAX_MESSAGE) {
                binary.release();
                binary = null;
                LOG.warn("node {} sent a live message over {} bytes: closing the relay", node, MAX_MESSAGE);
                close();
                return null;
            }
            binary.writeBytes(data);
            if (last) {
                ByteBuf message = binary;
                binary = null;
                viewer.writeAndFlush(new BinaryWebSocketFrame(message));
            }
            next(ws);
            return null;
        }

        /** Asks for the next message once the viewer can take it. */
        private void next(WebSocket ws) {
            if (viewer.isWritable()) {
                ws.request(1);
            } else {
                waiting.set(true);
                if (viewer.isWritable() && waiting.compareAndSet(true, false)) {
                    ws.request(1); // became writable meanwhile
                }
            }
        }

        /** The viewer's connection can take more. */
        void writable() {
            WebSocket ws = socket.get();
            if (ws != null && waiting.compareAndSet(true, false)) {
                ws.request(1);
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            viewer.writeAndFlush(new CloseWebSocketFrame(status, reason)).addListener(ChannelFutureListener.CLOSE);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            LOG.debug("the live view relayed from node {} ended: {}", node, error.toString());
            viewer.writeAndFlush(new CloseWebSocketFrame(1011, "the recording node " + node + " went away")).addListener(ChannelFutureListener.CLOSE);
        }

        void close() {
            WebSocket ws = socket.get();
            if (ws != null) {
                ws.abort();
            }
            viewer.close();
        }
    }
}
