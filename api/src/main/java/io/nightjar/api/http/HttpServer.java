package io.nightjar.api.http;

import io.nightjar.api.net.ConnectionLimiter;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP listener: connections bounded in total and per address ({@link
 * ConnectionLimiter}), request heads bounded (8 KiB line, 16 KiB headers),
 * bodies bounded (1 MiB, else 413), a request whole within 30 s of its first byte
 * ({@link RequestDeadline}), idle connections closed after 5 minutes, handlers run on their own
 * executor threads so a slow storage read never blocks an event loop.
 */
public final class HttpServer implements AutoCloseable {
    public static final int MAX_BODY = 1 << 20;

    private final Channel channel;
    private final EventExecutorGroup handlers;
    private final io.netty.channel.group.ChannelGroup connections =
            new io.netty.channel.group.DefaultChannelGroup(io.netty.util.concurrent.GlobalEventExecutor.INSTANCE);

    private final ConnectionLimiter limiter;

    public HttpServer(EventLoopGroup boss, EventLoopGroup workers, String bind, int port, SslContext ssl, HttpApiHandler api)
            throws InterruptedException {
        this(boss, workers, bind, port, ssl, api, new ConnectionLimiter("HTTP", 4096, 1024), RequestDeadline.SECONDS);
    }

    /**
     * @param limiter               the bound on connections
     * @param requestTimeoutSeconds a request must arrive whole within this long of its first byte
     */
    public HttpServer(EventLoopGroup boss, EventLoopGroup workers, String bind, int port, SslContext ssl, HttpApiHandler api,
                      ConnectionLimiter limiter, int requestTimeoutSeconds) throws InterruptedException {
        this.limiter = limiter;
        this.handlers = new DefaultEventExecutorGroup(4, r -> {
            Thread t = new Thread(r, "http-handler");
            t.setDaemon(true);
            return t;
        });
        ServerBootstrap b = new ServerBootstrap().group(boss, workers).channel(io.nightjar.recorder.net.Transports.serverSocket(workers))
                .option(ChannelOption.SO_BACKLOG, 256)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        ch.pipeline().addLast("limit", limiter);
                        if (ssl != null) {
                            ch.pipeline().addLast("tls", ssl.newHandler(ch.alloc()));
                        }
                        RequestDeadline deadline = new RequestDeadline(requestTimeoutSeconds);
                        ch.pipeline()
                                .addLast("idle", new IdleStateHandler(0, 0, 300, TimeUnit.SECONDS))
                                .addLast("idle-close", new IdleCloser())
                                .addLast("deadline", deadline)
                                .addLast("codec", new HttpServerCodec(8192, 16384, 65536))
                                .addLast("aggregator", new HttpObjectAggregator(MAX_BODY))
                                .addLast("deadline-done", deadline.done())
                                .addLast("chunked", new ChunkedWriteHandler())
                                .addLast(handlers, "api", api);
                    }
                });
        this.channel = b.bind(new InetSocketAddress(bind, port)).sync().channel();
    }

    /** The bound on this listener's connections (open, refused). */
    public ConnectionLimiter connections() {
        return limiter;
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS); // SSE and live viewers too
        handlers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }

    /** Closes connections idle for too long (SSE and live connections send data, so they stay). */
    private static final class IdleCloser extends io.netty.channel.ChannelDuplexHandler {
        @Override
        public void userEventTriggered(io.netty.channel.ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof io.netty.handler.timeout.IdleStateEvent) {
                ctx.close();
            } else {
                super.userEventTriggered(ctx, evt);
            }
        }
    }
}
